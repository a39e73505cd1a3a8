package dev.hermes.api;

/**
 * What a probe found: a level ({@code ok}, {@code warning}, {@code critical} or {@code unknown}), a
 * message and, optionally, the value it measured.
 *
 * <p>{@code return ProbeResult.warning("queue is long").withValue(depth);}
 */
public final class ProbeResult {
  /** A probe's level, reported in lower case as {@code probe.<name>.status}. */
  public enum Level {
    /** All is well. */
    OK,
    /** Worth a look: a {@code warning} level was crossed. */
    WARNING,
    /** Broken: a {@code critical} level was crossed, or the check failed or timed out. */
    CRITICAL,
    /** The probe could not tell (e.g. the key it compares is absent). */
    UNKNOWN;

    /** {@code ok}, {@code warning}, {@code critical} or {@code unknown}. */
    public String text() {
      switch (this) {
        case OK:
          return "ok";
        case WARNING:
          return "warning";
        case CRITICAL:
          return "critical";
        default:
          return "unknown";
      }
    }
  }

  private final Level level;
  private final String message;
  private final String value;

  private ProbeResult(Level level, String message, String value) {
    if (level == null) {
      throw new IllegalArgumentException("a probe result needs a level");
    }
    this.level = level;
    this.message = message == null ? "" : message;
    this.value = value;
  }

  /** An {@code ok} result: {@code ProbeResult.ok("200 in 12 ms")}. */
  public static ProbeResult ok(String message) {
    return new ProbeResult(Level.OK, message, null);
  }

  /** A {@code warning} result. */
  public static ProbeResult warning(String message) {
    return new ProbeResult(Level.WARNING, message, null);
  }

  /** A {@code critical} result. */
  public static ProbeResult critical(String message) {
    return new ProbeResult(Level.CRITICAL, message, null);
  }

  /** An {@code unknown} result. */
  public static ProbeResult unknown(String message) {
    return new ProbeResult(Level.UNKNOWN, message, null);
  }

  /** A result of {@code level}. */
  public static ProbeResult of(Level level, String message) {
    return new ProbeResult(level, message, null);
  }

  /** This result with the value it measured, e.g. {@code "0.93"}; null for none. */
  public ProbeResult withValue(String measured) {
    return new ProbeResult(level, message, measured);
  }

  /** This result with the number it measured. */
  public ProbeResult withValue(double measured) {
    return withValue(
        measured == Math.rint(measured) && Math.abs(measured) < 1e15
            ? Long.toString((long) measured)
            : Double.toString(measured));
  }

  /** The level. */
  public Level level() {
    return level;
  }

  /** The message, empty for none. */
  public String message() {
    return message;
  }

  /** The measured value, or null. */
  public String value() {
    return value;
  }

  @Override
  public String toString() {
    return level.text() + (message.isEmpty() ? "" : ": " + message);
  }
}
