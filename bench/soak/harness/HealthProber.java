import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code GET /health} every 100 ms on a new connection, 2 s to answer; a probe still waiting at
 * the next tick delays it (missed ticks are skipped, not queued). Percentiles are over every probe,
 * a failed one counting as slower than any answer.
 */
final class HealthProber implements Runnable {
  static final int TIMEOUT_MS = 2000;
  final Tally outcomes = new Tally(); // "200", "timeout", "conn-refused", ...
  private final List<double[]> samples = new ArrayList<>(); // {seconds since start, ms or -1}
  private final int port;
  private final long startNanos;
  private volatile boolean stopped;

  HealthProber(int port, long startNanos) {
    this.port = port;
    this.startNanos = startNanos;
  }

  void stop() {
    stopped = true;
  }

  @Override
  public void run() {
    long next = System.nanoTime();
    while (!stopped) {
      long t0 = System.nanoTime();
      String outcome;
      double ms;
      try {
        int status = RawHttp.get(port, "/health", TIMEOUT_MS).status;
        ms = (System.nanoTime() - t0) / 1e6;
        outcome = Integer.toString(status);
      } catch (IOException e) {
        ms = -1;
        outcome = RawHttp.kind(e);
      }
      if (stopped) {
        break;
      }
      outcomes.add(outcome);
      synchronized (samples) {
        samples.add(new double[] {(t0 - startNanos) / 1e9, outcome.equals("200") ? ms : -1});
      }
      next += 100_000_000L;
      long now = System.nanoTime();
      while (next < now) {
        next += 100_000_000L;
      }
      Hog.sleepQuietly((next - now) / 1_000_000);
    }
  }

  long failures() {
    return outcomes.sum(k -> !k.equals("200"));
  }

  /** The p-th percentile (nearest rank) in ms, or "failed" when it falls on a failed probe. */
  String percentile(double p) {
    List<Double> ms = new ArrayList<>();
    synchronized (samples) {
      for (double[] s : samples) {
        ms.add(s[1] < 0 ? Double.MAX_VALUE : s[1]);
      }
    }
    if (ms.isEmpty()) {
      return "-";
    }
    ms.sort(null);
    double v = ms.get(Math.max(0, (int) Math.ceil(p / 100 * ms.size()) - 1));
    return v == Double.MAX_VALUE ? "failed" : String.format(Locale.ROOT, "%.1f", v);
  }

  /** The slowest answered probe in ms. */
  String max() {
    double max = -1;
    synchronized (samples) {
      for (double[] s : samples) {
        max = Math.max(max, s[1]);
      }
    }
    return max < 0 ? "-" : String.format(Locale.ROOT, "%.1f", max);
  }

  String tsv() {
    StringBuilder out = new StringBuilder("seconds\tms (-1 failed)\n");
    synchronized (samples) {
      for (double[] s : samples) {
        out.append(String.format(Locale.ROOT, "%.3f\t%.2f%n", s[0], s[1]));
      }
    }
    return out.toString();
  }
}
