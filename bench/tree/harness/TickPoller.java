import java.io.IOException;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Propagation latency: polls one {@code tick=SEQ:EPOCH_MICROS} key at the root over a keep-alive
 * connection and, for each new value, takes (when it was first seen) minus (when it was reported).
 * Reporter and poller share the host's wall clock. The first value seen is not counted (it was
 * there before polling began); ticks the root never showed (coalesced into a later push) are
 * counted as missed.
 */
final class TickPoller {
  private static final Pattern VALUE = Pattern.compile("\"value\":\"(\\d+):(\\d+)\"");

  /** What one polling run found. */
  record Result(double[] latenciesMs, long missed, long polls, double meanPollIntervalMs) {}

  private TickPoller() {}

  /**
   * Polls {@code key} at the root on {@code port}, sleeping {@code pauseMicros} between polls,
   * until {@code ticks} new values were seen or the time runs out.
   */
  static Result poll(int port, String key, int ticks, long pauseMicros, long timeoutMillis)
      throws IOException {
    String path = "/?type=json&prefix=" + key;
    double[] latencies = new double[ticks];
    int seen = 0;
    long lastSeq = -1;
    long missed = 0;
    long polls = 0;
    long begin = System.nanoTime();
    long deadline = begin + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    try (KeepAliveClient client = new KeepAliveClient(port)) {
      while (seen < ticks && System.nanoTime() < deadline) {
        KeepAliveClient.Response r = client.get(path);
        long nowMicros = epochMicros();
        polls++;
        Matcher m = VALUE.matcher(r.text());
        if (r.status() == 200 && m.find()) {
          long seq = Long.parseLong(m.group(1));
          if (seq != lastSeq) {
            if (lastSeq >= 0) {
              missed += Math.max(0, seq - lastSeq - 1);
              latencies[seen++] = (nowMicros - Long.parseLong(m.group(2))) / 1000.0;
            }
            lastSeq = seq;
          }
        }
        LockSupport.parkNanos(pauseMicros * 1000);
      }
    }
    double[] got = java.util.Arrays.copyOf(latencies, seen);
    double interval = (System.nanoTime() - begin) / 1e6 / Math.max(1, polls);
    return new Result(got, missed, polls, interval);
  }

  static long epochMicros() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000L + now.getNano() / 1000;
  }
}
