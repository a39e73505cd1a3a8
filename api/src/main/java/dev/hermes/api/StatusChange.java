package dev.hermes.api;

import java.util.Objects;
import java.util.Optional;

/**
 * A key that was set, removed or expired, as delivered to a {@link StatusListener}.
 *
 * <p>{@code change.status().map(Status::value).orElse("(gone)")}
 */
public final class StatusChange {
  /** What happened to the key. */
  public enum Kind {
    /** The key was set (a new value, or the same value reported again). */
    SET,
    /** The key was removed. */
    REMOVED,
    /** The key's time to live ran out. */
    EXPIRED
  }

  private final String key;
  private final Kind kind;
  private final Status status;

  StatusChange(String key, Kind kind, Status status) {
    this.key = Objects.requireNonNull(key, "key");
    this.kind = Objects.requireNonNull(kind, "kind");
    this.status = status;
  }

  /** The key or child path that changed, e.g. {@code "worker1/status"}. */
  public String key() {
    return key;
  }

  /** Whether the key was set, removed or expired. */
  public Kind kind() {
    return kind;
  }

  /** The new status for {@link Kind#SET}; the last one for the others, when known. */
  public Optional<Status> status() {
    return Optional.ofNullable(status);
  }

  @Override
  public String toString() {
    return kind + " " + key + (status == null ? "" : " = " + status.value());
  }
}
