package dev.hermes.api;

/**
 * Told of each change under a prefix; runs on the thread that made the change, so keep it short.
 *
 * <p>{@code Hermes.subscribe("worker1/", change -> System.out.println(change))}
 */
@FunctionalInterface
public interface StatusListener {
  /** Called once for each key set, removed or expired under the subscribed prefix. */
  void onChange(StatusChange change);
}
