package dev.hermes.api;

/**
 * A listener's registration; closing it stops the calls.
 *
 * <p>{@code try (Subscription s = Hermes.subscribe("worker1/", listener)) { ... }}
 */
public interface Subscription extends AutoCloseable {
  /** Stops further calls to the listener; closing twice is harmless. */
  @Override
  void close();
}
