package dev.hermes.agent.support;

import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * {@code 2026-11-22T04:07:19.590Z}: an instant as ISO-8601 UTC to the millisecond, always with its
 * three digits of milliseconds, without the DateTimeFormatter machinery that {@code
 * Instant.toString} loads (this is used at premain).
 *
 * <p>{@code IsoTime.format(System.currentTimeMillis())}
 */
public final class IsoTime {
  private IsoTime() {}

  /** {@code epochMillis} (milliseconds since 1970-01-01T00:00:00Z) in ISO-8601 UTC. */
  public static String format(long epochMillis) {
    long seconds = Math.floorDiv(epochMillis, 1000L);
    int millis = (int) Math.floorMod(epochMillis, 1000L);
    LocalDateTime t = LocalDateTime.ofEpochSecond(seconds, 0, ZoneOffset.UTC);
    StringBuilder out = new StringBuilder(24);
    pad(out, t.getYear(), 4).append('-');
    pad(out, t.getMonthValue(), 2).append('-');
    pad(out, t.getDayOfMonth(), 2).append('T');
    pad(out, t.getHour(), 2).append(':');
    pad(out, t.getMinute(), 2).append(':');
    pad(out, t.getSecond(), 2).append('.');
    return pad(out, millis, 3).append('Z').toString();
  }

  private static StringBuilder pad(StringBuilder out, int value, int width) {
    String digits = Integer.toString(value);
    for (int i = digits.length(); i < width; i++) {
      out.append('0');
    }
    return out.append(digits);
  }
}
