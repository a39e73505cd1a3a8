import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Once a second: the root's used heap (from a {@code jstat -gc <pid> 1000} this class runs: S0U +
 * S1U + EU + OU; jstat reads the JVM's perf data and needs no attach, so it works while the root
 * is out of memory), its RSS ({@code VmRSS}) and, at the end, {@code VmHWM}, the kernel's RSS
 * high-water mark. Also the CPU of the tree, this harness and the whole machine over the window.
 */
final class RootSampler implements Runnable {
  final long rootPid;
  final List<Long> treePids = new ArrayList<>(); // the root and its descendants
  final StringBuilder tsv = new StringBuilder("seconds\theap used MiB\tRSS MiB\tyoung GCs\tfull GCs\tGC s\n");
  double heapMaxMiB = -1;
  double heapStartMiB = -1;
  double rssMaxMiB = -1;
  double hwmMiB = -1;
  double[] gcFirst; // {young, full, seconds}
  double[] gcLast;
  volatile double exitedSeconds = -1; // when the root was first seen gone, in the window
  private final String jstat;
  private final int clkTck;
  private final long startNanos;
  private volatile double[] latest; // {heap used MiB, YGC, FGC, GCT}
  private volatile boolean stopped;
  private Process jstatProcess;
  private long[] cpuStart;
  private final java.util.Map<Long, Long> lastTicks = new java.util.concurrent.ConcurrentHashMap<>(); // {machine busy, tree, harness, jstat} in clock ticks

  RootSampler(long rootPid, String jstat, int clkTck, long startNanos) {
    this.rootPid = rootPid;
    this.jstat = jstat;
    this.clkTck = clkTck;
    this.startNanos = startNanos;
  }

  /** Starts jstat and the CPU accounting; call once the tree is up. */
  void begin() throws IOException {
    treePids.add(rootPid);
    ProcessHandle.of(rootPid).ifPresent(h -> h.descendants().forEach(d -> treePids.add(d.pid())));
    jstatProcess = new ProcessBuilder(jstat, "-gc", Long.toString(rootPid), "1000")
        .redirectErrorStream(true).start();
    Thread reader = new Thread(this::readJstat, "jstat-reader");
    reader.setDaemon(true);
    reader.start();
    cpuStart = cpuNow();
  }

  @Override
  public void run() {
    while (!stopped) {
      Hog.sleepQuietly(1000);
      cpuNow(); // keeps each process's last CPU figure
      double rss = procStatusMiB(rootPid, "VmRSS:");
      double[] j = rss < 0 ? null : latest; // jstat may repeat a dead JVM's last figures
      if (rss < 0 && exitedSeconds < 0) {
        exitedSeconds = (System.nanoTime() - startNanos) / 1e9;
      }
      rssMaxMiB = Math.max(rssMaxMiB, rss);
      if (j != null) {
        heapMaxMiB = Math.max(heapMaxMiB, j[0]);
        gcLast = new double[] {j[1], j[2], j[3]};
      }
      tsv.append(String.format(Locale.ROOT, "%.0f\t%s\t%.1f\t%s\t%s\t%s%n",
          (System.nanoTime() - startNanos) / 1e9,
          j == null ? "-" : String.format(Locale.ROOT, "%.1f", j[0]), rss,
          j == null ? "-" : String.format(Locale.ROOT, "%.0f", j[1]),
          j == null ? "-" : String.format(Locale.ROOT, "%.0f", j[2]),
          j == null ? "-" : String.format(Locale.ROOT, "%.3f", j[3])));
    }
  }

  /** Ends sampling; returns {interference, tree, harness, machine busy} CPU in % of one core. */
  double[] end(double seconds) {
    stopped = true;
    long[] cpuEnd = cpuNow();
    hwmMiB = procStatusMiB(rootPid, "VmHWM:");
    double[] j = hwmMiB < 0 ? null : latest;
    if (j != null) {
      heapMaxMiB = Math.max(heapMaxMiB, j[0]);
      gcLast = new double[] {j[1], j[2], j[3]};
    }
    if (jstatProcess != null) {
      jstatProcess.destroy();
    }
    double perCore = 100.0 / (clkTck * seconds);
    double busy = (cpuEnd[0] - cpuStart[0]) * perCore;
    double tree = (cpuEnd[1] - cpuStart[1]) * perCore;
    double harness = (cpuEnd[2] - cpuStart[2]) * perCore;
    double jstatCpu = (cpuEnd[3] - cpuStart[3]) * perCore;
    return new double[] {busy - tree - harness - jstatCpu, tree, harness + jstatCpu, busy};
  }

  private void readJstat() {
    try (BufferedReader in = new BufferedReader(
        new InputStreamReader(jstatProcess.getInputStream(), StandardCharsets.UTF_8))) {
      List<String> header = null;
      for (String line; (line = in.readLine()) != null; ) {
        List<String> words = List.of(line.trim().split("\\s+"));
        if (words.contains("EU")) {
          header = words;
          continue;
        }
        if (header == null || words.size() != header.size()) {
          continue;
        }
        double used = 0;
        for (String column : List.of("S0U", "S1U", "EU", "OU")) {
          used += number(words, header, column);
        }
        double[] sample = {used / 1024, number(words, header, "YGC"), number(words, header, "FGC"), number(words, header, "GCT")};
        if (heapStartMiB < 0) {
          heapStartMiB = sample[0];
          gcFirst = new double[] {sample[1], sample[2], sample[3]};
        }
        latest = sample;
      }
    } catch (IOException ignored) {
      // jstat ended with the root, or was stopped
    }
  }

  private static double number(List<String> words, List<String> header, String column) {
    int i = header.indexOf(column);
    try {
      return i < 0 ? 0 : Double.parseDouble(words.get(i));
    } catch (NumberFormatException e) {
      return 0; // "-" for a column this collector lacks
    }
  }

  private long[] cpuNow() {
    long tree = 0;
    for (long pid : treePids) {
      tree += processTicks(pid);
    }
    long jstatTicks = jstatProcess == null ? 0 : processTicks(jstatProcess.pid());
    return new long[] {machineBusyTicks(), tree, processTicks(ProcessHandle.current().pid()), jstatTicks};
  }

  /**
   * utime + stime of a process (its threads included), in clock ticks; for a process gone since,
   * the last figure read (each second), so a root that dies does not count negative.
   */
  private long processTicks(long pid) {
    long ticks = 0;
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]); // fields 14 and 15 of stat(5)
    } catch (IOException | RuntimeException e) {
      // gone: the last figure below
    }
    return lastTicks.merge(pid, ticks, Math::max);
  }

  /** user + nice + system + irq + softirq + steal of the whole machine, in clock ticks. */
  static long machineBusyTicks() {
    try {
      String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
      return Long.parseLong(f[1]) + Long.parseLong(f[2]) + Long.parseLong(f[3])
          + Long.parseLong(f[6]) + Long.parseLong(f[7]) + Long.parseLong(f[8]);
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  /** A {@code kB} line of /proc/<pid>/status in MiB, or -1. */
  static double procStatusMiB(long pid, String field) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
        if (line.startsWith(field)) {
          return Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]) / 1024.0;
        }
      }
    } catch (IOException | RuntimeException e) {
      // gone
    }
    return -1;
  }
}
