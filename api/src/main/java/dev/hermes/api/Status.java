package dev.hermes.api;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * One reported value with the moment it was set and its time to live.
 *
 * <p>{@code Hermes.status("runner.status").map(Status::value).orElse("unknown")}
 */
public final class Status {
  private final String value;
  private final long updatedNanos;
  private final long ttlNanos;

  /**
   * A value set at {@code updatedNanos} (a {@link System#nanoTime()} reading) that expires {@code
   * ttlNanos} later, or never when {@code ttlNanos} is 0.
   */
  public Status(String value, long updatedNanos, long ttlNanos) {
    if (ttlNanos < 0) {
      throw new IllegalArgumentException("Invalid ttl [" + ttlNanos + "ns]: must be 0 or more");
    }
    this.value = Objects.requireNonNull(value, "value");
    this.updatedNanos = updatedNanos;
    this.ttlNanos = ttlNanos;
  }

  /** The reported value, e.g. {@code "running"}. */
  public String value() {
    return value;
  }

  /** The {@link System#nanoTime()} reading at which the value was set. */
  public long updatedNanos() {
    return updatedNanos;
  }

  /** The time to live in nanoseconds; 0 for a key that lives until removed. */
  public long ttlNanos() {
    return ttlNanos;
  }

  /** The time to live, if the key has one. */
  public Optional<Duration> ttl() {
    return ttlNanos == 0 ? Optional.empty() : Optional.of(Duration.ofNanos(ttlNanos));
  }

  /** How long ago the value was set, as of now. */
  public Duration age() {
    return Duration.ofNanos(ageNanos(System.nanoTime()));
  }

  /** How long ago the value was set, as of the {@link System#nanoTime()} reading {@code now}. */
  public long ageNanos(long now) {
    return Math.max(0, now - updatedNanos);
  }

  /** Whether the key has expired at the {@link System#nanoTime()} reading {@code now}. */
  public boolean isExpiredAt(long now) {
    return ttlNanos != 0 && now - updatedNanos >= ttlNanos;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Status)) {
      return false;
    }
    Status other = (Status) o;
    return value.equals(other.value)
        && updatedNanos == other.updatedNanos
        && ttlNanos == other.ttlNanos;
  }

  @Override
  public int hashCode() {
    return Objects.hash(value, updatedNanos, ttlNanos);
  }

  @Override
  public String toString() {
    return "Status["
        + value
        + ", age="
        + age()
        + (ttlNanos == 0 ? "" : ", ttl=" + ttl().get())
        + "]";
  }
}
