import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Warm scrape latency and JVM CPU per scrape of agents side by side: {@code java PeerBench
 * variants.tsv}. A line is a label, the path to scrape, then the command ({@code {port}} becomes
 * a free port). All variants are started, one after another, and left idle; then, after
 * {@code bench.warmup} scrapes each, {@code bench.requests} scrapes each are timed in blocks of
 * 50 taking turns, every variant on its own keep-alive connection. CPU per scrape: after as long
 * again of unmeasured scrapes (JIT warm-up) and a pause, the JVM's utime+stime (/proc/PID/stat)
 * over {@code bench.cpuSeconds} of back-to-back scrapes, minus what the same JVM used over as
 * long idle just before, divided by the scrapes. Prints figure lines.
 */
final class PeerBench {
  private static final int BLOCK = 50;

  private record Target(String label, String path, Process process, int port) {}

  public static void main(String[] args) throws Exception {
    int warmup = Integer.getInteger("bench.warmup", 200);
    int requests = Integer.getInteger("bench.requests", 1000);
    double cpuSeconds = Double.parseDouble(System.getProperty("bench.cpuSeconds", "5"));
    long cpuMillis = (long) (cpuSeconds * 1000);
    long settleMillis = Long.getLong("bench.settleMs", 5000);
    double tickMs = 1000.0 / Integer.getInteger("bench.clkTck", 100);
    List<Target> targets = new ArrayList<>();
    Thread reaper = new Thread(() -> targets.forEach(t -> Launches.destroyTree(t.process())));
    Runtime.getRuntime().addShutdownHook(reaper);
    for (List<String> v : Launches.read(Path.of(args[0]))) {
      targets.add(start(v));
    }
    Thread.sleep(settleMillis);

    List<KeepAliveClient> clients = new ArrayList<>();
    for (Target t : targets) {
      KeepAliveClient c = new KeepAliveClient(t.port(), 30_000);
      clients.add(c);
      KeepAliveClient.Response r = c.get(t.path());
      figure(t, "bytes", r.body().length);
      for (int i = 1; i < warmup; i++) {
        c.get(t.path());
      }
    }
    // The first targets' connections sat idle through the others' warm-ups (~30 s with Jolokia's
    // 50 ms scrapes), long enough for the JDK server's idle timeout to close them: one scrape more
    // each, unmeasured, and only reconnects from here on count.
    for (int i = 0; i < targets.size(); i++) {
      clients.get(i).get(targets.get(i).path());
      clients.get(i).reconnects = 0;
    }

    double[][] latencies = new double[targets.size()][requests];
    int[] errors = new int[targets.size()];
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < targets.size(); i++) {
      order.add(i);
    }
    for (int done = 0; done < requests; done += BLOCK) {
      Collections.rotate(order, 1);
      for (int i : order) {
        for (int k = done; k < Math.min(requests, done + BLOCK); k++) {
          long t0 = System.nanoTime();
          int status = clients.get(i).get(targets.get(i).path()).status();
          latencies[i][k] = (System.nanoTime() - t0) / 1e6;
          errors[i] += status == 200 ? 0 : 1;
        }
      }
    }
    for (int i = 0; i < targets.size(); i++) {
      System.out.print(Stats.figures(targets.get(i).label() + "/latency", latencies[i]));
      figure(targets.get(i), "errors", errors[i] + clients.get(i).reconnects);
    }

    for (int i = 0; i < targets.size(); i++) {
      Target t = targets.get(i);
      long pid = t.process().pid();
      // As long of back-to-back scrapes first, unmeasured: the JIT compiles the scrape path
      // during the first thousands of requests, and that CPU is not a scrape's steady cost.
      for (long warm = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(cpuMillis);
          System.nanoTime() < warm; ) {
        clients.get(i).get(t.path());
      }
      Thread.sleep(Math.min(cpuMillis, 2000)); // compilations the burst queued finish unmeasured
      long idle0 = System.nanoTime();
      long c0 = ProcFs.cpuTicks(pid);
      Thread.sleep(cpuMillis);
      long c1 = ProcFs.cpuTicks(pid);
      long idle1 = System.nanoTime();
      long n = 0;
      long end = idle1 + TimeUnit.MILLISECONDS.toNanos(cpuMillis);
      while (System.nanoTime() < end) {
        clients.get(i).get(t.path());
        n++;
      }
      long c2 = ProcFs.cpuTicks(pid);
      long busy1 = System.nanoTime();
      double idleMsPerS = (c1 - c0) * tickMs / ((idle1 - idle0) / 1e9);
      double scrapeMs = (c2 - c1) * tickMs - idleMsPerS * (busy1 - idle1) / 1e9;
      figure(t, "idle_cpu_ms_per_s", idleMsPerS);
      figure(t, "cpu_window_ticks", c2 - c1);
      figure(t, "cpu_scrapes", n);
      figure(t, "cpu_ms_per_scrape", scrapeMs / n);
      figure(t, "rss_after_mib", ProcFs.rssMib(pid));
    }
    clients.forEach(KeepAliveClient::close);
    targets.forEach(t -> Launches.destroyTree(t.process()));
  }

  /** Starts a variant and waits for its first 200 on the path (at most 60 s). */
  private static Target start(List<String> v) throws Exception {
    int port = Launches.freePort();
    long t0 = System.nanoTime();
    Process p = FirstAnswer.start(v, port);
    Target t = new Target(v.get(0), v.get(1), p, port);
    figure(t, "first_ok_ms", FirstAnswer.untilOk(t.label(), p, port, t.path(), 5, t0));
    return t;
  }

  private static void figure(Target t, String name, double value) {
    System.out.print(Stats.figure(t.label() + "/" + name, value));
    System.out.flush();
  }
}
