package dev.hermes.api;

import java.time.Duration;
import java.util.Optional;
import java.util.SortedMap;

/**
 * Report and read status keys; with the Hermes agent they are served over HTTP, without it they are
 * kept in-process.
 *
 * <p>{@code Hermes.report("runner.status", "running", Duration.ofSeconds(30))}
 */
public final class Hermes {
  private static final StatusStore STORE = StatusStore.global();

  private Hermes() {}

  /** Sets {@code key} to {@code value} until removed: {@code Hermes.report("status", "up")}. */
  public static void report(String key, String value) {
    STORE.report(key, value, 0);
  }

  /**
   * Sets {@code key} to {@code value} for {@code ttl}, after which it reads as absent.
   *
   * <p>{@code Hermes.report("worker.heartbeat", "ok", Duration.ofSeconds(10))}
   */
  public static void report(String key, String value, Duration ttl) {
    if (ttl == null || ttl.isZero() || ttl.isNegative()) {
      throw new IllegalArgumentException(
          "Invalid ttl for key [" + key + "]: " + ttl + "; use a positive duration or none");
    }
    STORE.report(key, value, saturatedNanos(ttl));
  }

  /** Removes {@code key}; returns whether it was there: {@code Hermes.remove("runner.status")}. */
  public static boolean remove(String key) {
    return STORE.remove(key);
  }

  /** The value of a key or child path: {@code Hermes.get("worker1/status")}. */
  public static Optional<String> get(String key) {
    return STORE.get(key).map(Status::value);
  }

  /** The status of a key or child path, with age and TTL: {@code Hermes.status("status")}. */
  public static Optional<Status> status(String key) {
    return STORE.get(key);
  }

  /** The live keys under {@code prefix}, sorted: {@code Hermes.snapshot("worker1/")}. */
  public static SortedMap<String, Status> snapshot(String prefix) {
    return STORE.snapshot(prefix == null ? "" : prefix);
  }

  /**
   * Calls {@code listener} on the changing thread for each key set, removed or expired under {@code
   * prefix}, children's keys included.
   *
   * <p>{@code Hermes.subscribe("worker1/", c -> react(c.key(), c.status()))}
   */
  public static Subscription subscribe(String prefix, StatusListener listener) {
    return STORE.subscribe(prefix, listener);
  }

  /**
   * Runs {@code check} every {@code interval} (at least 100 ms) on a thread of its own and reports
   * what it finds as {@code probe.<name>.status} ({@code ok}, {@code warning}, {@code critical} or
   * {@code unknown}), {@code .message}, {@code .value}, {@code .latency_ms} and {@code .since},
   * each with a TTL of three intervals. A probe of the same name is replaced; closing the returned
   * subscription stops the probe and removes its keys. Works with or without the agent.
   *
   * <p>{@code Hermes.probe("db", Duration.ofSeconds(10), () -> ProbeResult.ok("select 1"))}
   */
  public static Subscription probe(String name, Duration interval, ProbeCheck check) {
    return Prober.global().add(name, interval, check);
  }

  private static long saturatedNanos(Duration d) {
    try {
      return d.toNanos();
    } catch (ArithmeticException tooLong) {
      return Long.MAX_VALUE;
    }
  }
}
