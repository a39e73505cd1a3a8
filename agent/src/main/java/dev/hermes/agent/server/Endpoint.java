package dev.hermes.agent.server;

/**
 * A running status endpoint. It crosses from the {@code http} package, which may live in a class
 * loader of its own, so it uses only types outside that package.
 */
public interface Endpoint extends AutoCloseable {
  /** The bound URL, e.g. {@code http://127.0.0.1:9091}. */
  String url();

  /** Stops serving at once. */
  @Override
  void close();
}
