package dev.hermes.agent.tree;

/**
 * One child process's resources as its parent samples them on the tree's tick ({@link
 * ChildRegistry#RESOURCE_SAMPLE_TICKS}): CPU seconds, CPU use over the last {@value
 * #WINDOW_SECONDS} seconds, resident memory, each written to the child's {@link ChildFields} only
 * when its text changes. Guarded by the child's lock.
 */
final class ChildResources {
  static final int WINDOW_SECONDS = 10;
  static final long WINDOW_NANOS = WINDOW_SECONDS * 1_000_000_000L;

  /** How much shorter than the window two samples may be apart: the tick's own jitter. */
  static final long TOLERANCE_NANOS = 500_000_000L;

  private static final int CAPACITY = 64;

  /** The pid sampled, and when its process started: a pid used again is another process. */
  final long pid;

  long started = -1;

  // A ring of (time, cpu) samples, oldest at head: the oldest is the newest one a window old.
  private final long[] times = new long[CAPACITY];
  private final long[] cpus = new long[CAPACITY];
  private int head;
  private int size;

  /** What was last written, to write only what changed. */
  String cpuSeconds;

  String cpuPercent;
  String rss;

  ChildResources(long pid) {
    this.pid = pid;
  }

  /** Adds a sample of the process's CPU time so far, taken at {@code now} (nanoTime). */
  void add(long now, long cpuNanos) {
    if (size == CAPACITY) {
      drop();
    }
    int at = (head + size) % CAPACITY;
    times[at] = now;
    cpus[at] = cpuNanos;
    size++;
    // Keep one sample at least a window old, the newest such.
    while (size > 2 && now - times[(head + 1) % CAPACITY] >= WINDOW_NANOS - TOLERANCE_NANOS) {
      drop();
    }
  }

  private void drop() {
    head = (head + 1) % CAPACITY;
    size--;
  }

  /**
   * The CPU use between the oldest and the newest sample, as a percentage of {@code processors} (0
   * to 100), once they are a window apart; NaN before.
   */
  double percent(int processors) {
    if (size < 2 || processors <= 0) {
      return Double.NaN;
    }
    int last = (head + size - 1) % CAPACITY;
    long span = times[last] - times[head];
    if (span < WINDOW_NANOS - TOLERANCE_NANOS || cpus[head] < 0 || cpus[last] < 0) {
      return Double.NaN;
    }
    double busy = (double) (cpus[last] - cpus[head]) / span / processors;
    return Math.max(0, Math.min(100, busy * 100));
  }

  /** Seconds with two decimals (the kernel counts CPU time in hundredths): "12.34". */
  static String seconds(long nanos) {
    return fixed(nanos / 10_000_000L, 2);
  }

  /** A percentage with one decimal: "12.3". */
  static String percentText(double percent) {
    return fixed(Math.round(percent * 10), 1);
  }

  /**
   * {@code units} of 10^-scale as text, "1234" at scale 2 being "12.34": what {@code
   * BigDecimal.valueOf(units, scale).toPlainString()} writes, without loading {@code BigDecimal}
   * (its static initialiser costs an idle JDK 25 megabytes of JIT arena).
   */
  static String fixed(long units, int scale) {
    long factor = 1;
    for (int i = 0; i < scale; i++) {
      factor *= 10;
    }
    long whole = Math.abs(units / factor);
    long part = Math.abs(units % factor);
    StringBuilder out = new StringBuilder(24);
    if (units < 0) {
      out.append('-');
    }
    out.append(whole);
    if (scale > 0) {
      String digits = Long.toString(factor + part);
      out.append('.').append(digits, 1, digits.length());
    }
    return out.toString();
  }
}
