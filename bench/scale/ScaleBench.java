import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One size of the scale benchmark against a root already started by run.sh: N simulated children
 * join and push ({@link Children}); once all are visible at the root and after a warm-up with
 * scrapes, an idle window (the children's pushes only), a window of scrapes ({@link Scraper}), an
 * ingest burst (every child pushing 100 changed keys back to back), a look at the tree 5 s after
 * it, each phase with samples of the root's RSS and CPU; then the root's heap after a full GC.
 * Writes {@code <raw>/<label>.result} (one {@code name<TAB>value} a line, read
 * by {@link Report}) and raw samples beside it. Never throws for a root that stops answering: the
 * failures are the result.
 *
 * <pre>java ScaleBench --port P --root-pid PID --n 1000 --label 17-1000 --raw DIR --jcmd JCMD</pre>
 *
 * <p>{@code java ScaleBench free-port} prints a port free on 127.0.0.1.
 */
public final class ScaleBench {
  private final Map<String, String> result = new LinkedHashMap<>();
  private final int port;
  private final long rootPid;
  private final int n;
  private final String label;
  private final Path raw;
  private final String jcmd;
  private final long clockTick;
  private final long warmupSeconds;
  private final long windowSeconds;
  private final long idleSeconds;
  private final long burstSeconds;
  private final long afterBurstSeconds;
  private final long gapMillis;
  private final boolean spawn;
  private volatile boolean finished;
  private Scraper.Tree visibleTree; // the last tree read while waiting for all to be visible

  private ScaleBench(Map<String, String> o) {
    port = Integer.parseInt(o.get("port"));
    rootPid = Long.parseLong(o.get("root-pid"));
    n = Integer.parseInt(o.get("n"));
    label = o.get("label");
    raw = Path.of(o.get("raw"));
    jcmd = o.get("jcmd");
    clockTick = Long.parseLong(o.getOrDefault("clk", "100"));
    warmupSeconds = Long.parseLong(o.getOrDefault("warmup", "10"));
    windowSeconds = Long.parseLong(o.getOrDefault("window", "20"));
    idleSeconds = Long.parseLong(o.getOrDefault("idle", "10"));
    burstSeconds = Long.parseLong(o.getOrDefault("burst", "10"));
    afterBurstSeconds = Long.parseLong(o.getOrDefault("after-burst", "5"));
    gapMillis = Long.parseLong(o.getOrDefault("gap-ms", "50"));
    spawn = Boolean.parseBoolean(o.getOrDefault("spawn", "false"));
  }

  public static void main(String[] args) throws Exception {
    if (args.length == 1 && args[0].equals("free-port")) {
      try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        System.out.println(s.getLocalPort());
      }
      return;
    }
    Map<String, String> o = new LinkedHashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      o.put(args[i].replaceFirst("^--", ""), args[i + 1]);
    }
    ScaleBench bench = new ScaleBench(o);
    // Whatever happens, this JVM ends: a bound well past the longest step.
    long bound =
        bench.spawnDeadlineSeconds()
            + bench.visibleDeadlineSeconds()
            + bench.warmupSeconds
            + bench.idleSeconds
            + bench.windowSeconds
            + bench.burstSeconds
            + bench.afterBurstSeconds
            + 240;
    Thread watchdog =
        new Thread(
            () -> {
              try {
                Thread.sleep(bound * 1000);
                System.err.println("bench/scale: " + bench.label + " overran; halting");
                bench.put("error", "the step overran its bound of " + bound + " s: halted");
                bench.write();
                Runtime.getRuntime().halt(3);
              } catch (InterruptedException | IOException e) {
                // ended normally
              }
            });
    watchdog.setDaemon(true);
    watchdog.start();
    // Stopped by run.sh (interrupted): what was measured so far is still written.
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    if (!bench.finished) {
                      bench.put("error", "stopped before the end");
                    }
                    bench.write();
                  } catch (IOException ignored) {
                    // nothing more to do
                  }
                }));
    try {
      bench.run();
    } catch (Exception | Error e) {
      bench.put("error", e.toString().replaceAll("\\s+", " "));
      e.printStackTrace();
    }
    bench.finished = true;
    System.exit(0); // the shutdown hook writes the result; the loops are daemons
  }

  private long visibleDeadlineSeconds() {
    return 30 + n * 6L / 1000;
  }

  private long spawnDeadlineSeconds() {
    return spawn ? 30 + n * 20L / 1000 : 0;
  }

  private void run() throws Exception {
    put("n", n);
    put("label", label);
    put("load_at_start", Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
    if (!waitForRoot()) {
      put("error", "the root did not answer GET /health within 30 s");
      return;
    }
    Children children;
    if (spawn) {
      long[] pids = new long[n];
      String[] tokens = new String[n];
      if (!spawned(pids, tokens)) {
        return;
      }
      children = new Children(n, port, pids, tokens);
    } else {
      children = new Children(n, port, ProcessHandle.current().pid());
    }
    Thread loop = new Thread(children, "children");
    loop.setDaemon(true);
    loop.start();

    allVisible(children);

    Scraper scraper = new Scraper(children, port, gapMillis);
    Thread scraping = new Thread(scraper, "scraper");
    scraping.setDaemon(true);
    scraping.start();
    say("warm-up " + warmupSeconds + " s");
    Thread.sleep(warmupSeconds * 1000);

    if (idleSeconds > 0 && alive()) {
      scraper.pause();
      say("idle window " + idleSeconds + " s (no scrapes)");
      put("idle_", measure("idle", idleSeconds, children, null, false));
      scraper.resume();
    }

    say("window " + windowSeconds + " s");
    scraper.record(true);
    Measured window = measure("", windowSeconds, children, scraper, false);
    scraper.record(false);
    put("", window);
    scrapes(scraper);

    scraper.stop();
    scraping.join(Scraper.TIMEOUT_MILLIS + 5_000);
    Scraper.Tree last = scraper.lastTree;
    if (last == null && visibleTree != null) {
      last = visibleTree;
      put("keys_at_root_from", "the visibility phase: no GET / answered in the window");
    }
    put("keys_at_root", last == null ? "" : Integer.toString(last.keys));

    if (burstSeconds > 0 && alive()) {
      say("ingest burst " + burstSeconds + " s");
      put("burst_", measure("burst", burstSeconds, children, null, true));
      afterBurst(children);
    }
    heapAfterGc();
    put("busy_children_at_end", children.busy());
    children.stop();
    put("root_alive_at_end", alive());
  }

  private boolean waitForRoot() throws InterruptedException {
    Scraper.Client c = new Scraper.Client(port, 2_000);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    try {
      while (System.nanoTime() < deadline && alive()) {
        try {
          if (c.get("/health").status() == 200) {
            return true;
          }
        } catch (IOException notYet) {
          c.close();
        }
        Thread.sleep(100);
      }
      return false;
    } finally {
      c.close();
    }
  }

  /**
   * Waits for the root's N spawned processes and reads from each one's environment its name
   * ({@code HERMES_NAME=c0042}) and the token the root's agent gave it: the i-th child joins as
   * c<i>'s process with its token.
   */
  private boolean spawned(long[] pids, String[] tokens) throws Exception {
    say("waiting for the root to spawn " + n + " processes");
    long start = System.nanoTime();
    long deadline = start + TimeUnit.SECONDS.toNanos(spawnDeadlineSeconds());
    int found = 0;
    while (alive()) {
      java.util.Arrays.fill(pids, 0);
      found = 0;
      for (ProcessHandle child : ProcessHandle.of(rootPid).get().children().toList()) {
        Map<String, String> env = environment(child.pid());
        String name = env.get("HERMES_NAME");
        String token = env.get("HERMES_TOKEN");
        if (name == null || token == null || !name.matches("c\\d{4}")) {
          continue;
        }
        int i = Integer.parseInt(name.substring(1));
        if (i < n && pids[i] == 0) {
          pids[i] = child.pid();
          tokens[i] = token;
          found++;
        }
      }
      if (found == n || System.nanoTime() > deadline) {
        break;
      }
      Thread.sleep(500);
    }
    put("spawned", found);
    put("spawned_s", fmt((System.nanoTime() - start) / 1e9, 1));
    if (found < n) {
      put(
          "error",
          "the root spawned " + found + " of " + n + " within " + spawnDeadlineSeconds() + " s");
      return false;
    }
    say(n + " processes spawned in " + (System.nanoTime() - start) / 1_000_000 + " ms");
    return true;
  }

  /** The environment of process {@code pid}, empty when it cannot be read. */
  private static Map<String, String> environment(long pid) {
    Map<String, String> env = new LinkedHashMap<>();
    try {
      byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "environ"));
      for (String entry : new String(raw, java.nio.charset.StandardCharsets.UTF_8).split("\0")) {
        int eq = entry.indexOf('=');
        if (eq > 0) {
          env.put(entry.substring(0, eq), entry.substring(eq + 1));
        }
      }
    } catch (IOException gone) {
      // ended, or not ours to read
    }
    return env;
  }

  /** Polls the whole tree until every child shows its 100 keys at the root, or the deadline. */
  private void allVisible(Children children) throws Exception {
    say("joining " + n + " children");
    long start = System.nanoTime();
    long deadline = start + TimeUnit.SECONDS.toNanos(visibleDeadlineSeconds());
    Scraper.Client c = new Scraper.Client(port, Scraper.TIMEOUT_MILLIS);
    long readyAt = 0;
    int visible = 0;
    int polls = 0;
    int failures = 0;
    try {
      while (System.nanoTime() < deadline && alive()) {
        if (polls > 0) {
          Thread.sleep(200);
        }
        if (readyAt == 0 && children.ready.get() == n) {
          readyAt = System.nanoTime();
        }
        Scraper.Tree tree;
        try {
          polls++;
          Scraper.Client.Answer a = c.get("/");
          if (a.status() != 200) {
            failures++;
            continue;
          }
          tree = Scraper.Tree.parse(a.body());
          visibleTree = tree;
        } catch (IOException e) {
          failures++;
          continue;
        }
        visible = 0;
        for (int i = 0; i < n; i++) {
          String name = children.names.get(i);
          if (name != null && tree.childKeys.getOrDefault(name, 0) >= Children.KEYS) {
            visible++;
          }
        }
        if (visible == n) {
          put("all_visible_s", fmt((System.nanoTime() - start) / 1e9, 2));
          break;
        }
      }
    } finally {
      c.close();
    }
    if (readyAt == 0 && children.ready.get() == n) {
      readyAt = System.nanoTime();
    }
    if (visible < n) {
      put("all_visible_s", "");
      put("visible_at_deadline", visible);
      put("visible_deadline_s", visibleDeadlineSeconds());
    }
    put("sim_ready_s", readyAt == 0 ? "" : fmt((readyAt - start) / 1e9, 2));
    put("visible_polls", polls);
    put("visible_poll_failures", failures);
    Children.Counters joining = children.take(false);
    put("join_phase_failures", joining.failures());
    put("join_phase_joins", joining.joinsOk);
    put("join_phase_joins_refused", joining.joinsRefused);
    say("visible: " + visible + "/" + n + " after " + (System.nanoTime() - start) / 1_000_000 + " ms");
  }

  /** What one phase measured: the children's counters and the CPU, memory and machine. */
  private static final class Measured {
    final Children.Counters total = new Children.Counters();
    double seconds;
    double rootPct, simPct, loopPct, scraperPct = Double.NaN, machinePct, idlePct;
    double rss = Double.NaN, rssMax;
    int rootGoneAt;
  }

  /**
   * Samples {@code seconds} of a phase, each second into {@code <label>[.<name>].seconds.tsv}; a
   * burst ({@code burst}) starts with the phase and ends with it. The children's counters are
   * reset at the start.
   */
  private Measured measure(
      String name, long seconds, Children children, Scraper scraper, boolean burst)
      throws Exception {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    Measured m = new Measured();
    if (burst) {
      children.burst(true, true);
    } else {
      children.take(true);
    }
    long[] machine0 = machineTicks();
    long root0 = cpuTicks(rootPid);
    long self0 = cpuTicks(ProcessHandle.current().pid());
    long loop0 = threads.getThreadCpuTime(children.thread.getId());
    long scrape0 = scraper == null ? 0 : threads.getThreadCpuTime(scraperThread(scraper).getId());
    long t0 = System.nanoTime();
    long rootPrev = root0;
    long prev = t0;
    boolean bursting = burst;
    String file = label + (name.isEmpty() ? "" : "." + name) + ".seconds.tsv";
    try (PrintWriter tsv = new PrintWriter(Files.newBufferedWriter(raw.resolve(file)))) {
      tsv.println(
          "second\tpushes_ok\tfull_ok\tkeys_accepted\tfailures\ttimeouts\tconnects\tclosed_idle"
              + "\tdelayed_by_root\tlateness_p99_ms\trtt_p99_ms\troot_rss_mib\troot_cpu_pct");
      for (int s = 1; s <= seconds; s++) {
        long until = t0 + s * 1_000_000_000L;
        long sleep = until - System.nanoTime();
        if (sleep > 0) {
          TimeUnit.NANOSECONDS.sleep(sleep);
        }
        boolean more = s < seconds;
        Children.Counters c = bursting && !more ? children.burst(false, false) : children.take(more);
        bursting &= more;
        long now = System.nanoTime();
        boolean up = alive();
        long rootNow = up ? cpuTicks(rootPid) : rootPrev;
        m.rss = up ? rssMib(rootPid) : Double.NaN;
        m.rssMax = Math.max(m.rssMax, up ? m.rss : 0);
        double lateP99 = c.lateness.percentile(99) / 1000.0;
        double rttP99 = c.roundTrip.percentile(99) / 1000.0;
        m.total.add(c);
        tsv.printf(
            Locale.ROOT,
            "%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%.2f\t%.2f\t%.1f\t%.1f%n",
            s, c.pushesOk, c.fullOk, c.keysAccepted, c.failures(), c.failTimeout, c.connects,
            c.closedIdle, c.delayedByRoot, lateP99, rttP99, m.rss,
            pct(rootNow - rootPrev, now - prev));
        rootPrev = rootNow;
        prev = now;
        if (!up) {
          m.rootGoneAt = s;
          break;
        }
      }
    }
    if (bursting) {
      children.burst(false, false); // the root went away mid-burst
    }
    long wall = System.nanoTime() - t0;
    long[] machine1 = machineTicks();
    long self1 = cpuTicks(ProcessHandle.current().pid());
    long loop1 = threads.getThreadCpuTime(children.thread.getId());
    m.seconds = wall / 1e9;
    m.rootPct = pct(rootPrev - root0, wall);
    m.simPct = pct(self1 - self0, wall);
    m.loopPct = (loop1 - loop0) / (double) wall * 100;
    if (scraper != null) {
      m.scraperPct = (threads.getThreadCpuTime(scraper.thread.getId()) - scrape0) / (double) wall * 100;
    }
    m.machinePct = pct(machine1[0] - machine0[0], wall);
    m.idlePct = pct(machine1[1] - machine0[1], wall);
    return m;
  }

  /** A phase's figures, each name with {@code prefix} ("" for the window of scrapes). */
  private void put(String prefix, Measured m) {
    Children.Counters total = m.total;
    double seconds = m.seconds;
    put(prefix + "window_s", fmt(seconds, 1));
    if (m.rootGoneAt > 0) {
      put(prefix + "root_gone_at_window_s", m.rootGoneAt);
    }
    put(prefix + "root_rss_mib", fmt(m.rss, 0));
    put(prefix + "root_rss_max_mib", fmt(m.rssMax, 0));
    put(prefix + "root_cpu_pct", fmt(m.rootPct, 0));
    put(prefix + "sim_cpu_pct", fmt(m.simPct, 0));
    put(prefix + "sim_loop_cpu_pct", fmt(m.loopPct, 0));
    put(prefix + "sim_scraper_cpu_pct", fmt(m.scraperPct, 0));
    put(prefix + "machine_busy_pct", fmt(m.machinePct, 0));
    put(prefix + "machine_idle_pct", fmt(m.idlePct, 0));
    put(prefix + "interference_pct", fmt(m.machinePct - m.rootPct - m.simPct, 0));
    put(prefix + "ingest_keys_per_s", fmt(total.keysAccepted / seconds, 0));
    put(prefix + "pushes_ok_per_s", fmt(total.pushesOk / seconds, 0));
    put(prefix + "full_pushes_ok", total.fullOk);
    put(prefix + "push_failures", total.failures());
    put(prefix + "fail_timeout", total.failTimeout);
    put(prefix + "fail_refused", total.failRefused);
    put(prefix + "fail_closed", total.failClosed);
    put(prefix + "fail_status", total.failStatus);
    put(prefix + "fail_403", total.fail403);
    put(prefix + "join_failures", total.joinFailures);
    put(prefix + "joins_refused", total.joinsRefused);
    put(prefix + "joins", total.joinsOk);
    put(prefix + "rejoins", total.rejoins);
    put(prefix + "connects_per_s", fmt(total.connects / seconds, 0));
    put(prefix + "closed_idle_per_s", fmt(total.closedIdle / seconds, 0));
    put(prefix + "delayed_by_root", total.delayedByRoot);
    put(prefix + "missed_slots", total.missedSlots);
    put(prefix + "lateness_n", total.lateness.size);
    put(prefix + "lateness_p50_ms", fmt(total.lateness.percentile(50) / 1000.0, 2));
    put(prefix + "lateness_p99_ms", fmt(total.lateness.percentile(99) / 1000.0, 2));
    put(prefix + "lateness_max_ms", fmt(total.lateness.percentile(100) / 1000.0, 2));
    put(prefix + "push_rtt_n", total.roundTrip.size);
    put(prefix + "push_rtt_p50_ms", fmt(total.roundTrip.percentile(50) / 1000.0, 2));
    put(prefix + "push_rtt_p99_ms", fmt(total.roundTrip.percentile(99) / 1000.0, 2));
  }

  /**
   * {@code afterBurstSeconds} after the burst, the children pushing once a second again: one
   * whole tree, read for children shown not_answering whose pushes were answered all along.
   */
  private void afterBurst(Children children) throws Exception {
    Thread.sleep(afterBurstSeconds * 1000);
    Children.Counters since = children.take(false);
    put("after_burst_pushes_ok", since.pushesOk);
    put("after_burst_push_failures", since.failures());
    long[] lastOk = Scraper.snapshotLastOk(children);
    Scraper.Client c = new Scraper.Client(port, Scraper.TIMEOUT_MILLIS);
    long t0 = System.nanoTime();
    try {
      Scraper.Client.Answer a = c.get("/");
      put("after_burst_get_ms", fmt((System.nanoTime() - t0) / 1e6, 1));
      put("after_burst_get_status", a.status());
      if (a.status() != 200) {
        put("wrongly_flagged_after_burst", "");
        return;
      }
      Scraper.Judgement j =
          Scraper.Judgement.of(children, Scraper.Tree.parse(a.body()), lastOk, a.headersAt());
      put("wrongly_flagged_after_burst", j.wronglyFlagged.size());
      put("strictly_wrong_after_burst", j.strictlyWrong.size());
      put("flags_seen_after_burst", j.flagsSeen);
      put("ghosts_after_burst", j.ghosts.size());
      put(
          "wrong_names_after_burst",
          String.join(",", j.wronglyFlagged.stream().sorted().limit(10).toList()));
    } catch (IOException e) {
      put("after_burst_get_status", e instanceof java.net.SocketTimeoutException ? "timed out" : e.toString());
      put("wrongly_flagged_after_burst", "");
    } finally {
      c.close();
    }
  }

  private static Thread scraperThread(Scraper scraper) throws InterruptedException {
    while (scraper.thread == null) {
      Thread.sleep(10);
    }
    return scraper.thread;
  }

  private void scrapes(Scraper scraper) throws IOException {
    // The window's samples: taken once the window is over (it has stopped recording).
    List<Scraper.Sample> samples;
    synchronized (scraper) {
      samples = new ArrayList<>(scraper.samples);
      put("wrongly_flagged", scraper.wronglyFlagged.size());
      put("strictly_wrong", scraper.strictlyWrong.size());
      put("flags_seen", scraper.flagsSeen);
      put("ghosts", scraper.ghosts.size());
      put("ghost_names", String.join(",", scraper.ghosts.stream().sorted().limit(10).toList()));
      put("wrong_names", String.join(",", scraper.wronglyFlagged.stream().sorted().limit(10).toList()));
    }
    try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(raw.resolve(label + ".scrapes.tsv")))) {
      out.println("at_ms\ttype\tms\tstatus\tbytes");
      for (Scraper.Sample s : samples) {
        out.printf(Locale.ROOT, "%d\t%s\t%.3f\t%d\t%d%n", s.at(), s.type(), s.millis(), s.status(), s.bytes());
      }
    }
    for (String type : Scraper.TYPES) {
      List<Double> ok = new ArrayList<>();
      int failed = 0;
      int timedOut = 0;
      long bytes = 0;
      for (Scraper.Sample s : samples) {
        if (!s.type().equals(type)) {
          continue;
        }
        if (s.status() == 200) {
          ok.add(s.millis());
          bytes = Math.max(bytes, s.bytes());
        } else {
          failed++;
          timedOut += s.status() == Scraper.TIMED_OUT ? 1 : 0;
        }
      }
      ok.sort(null);
      put(type + "_n", ok.size());
      put(type + "_failed", failed);
      put(type + "_timeouts", timedOut);
      put(type + "_p50_ms", fmt(percentile(ok, 50), 3));
      put(type + "_p99_ms", fmt(percentile(ok, 99), 3));
      put(type + "_bytes", bytes);
    }
  }

  private void heapAfterGc() {
    if (!alive()) {
      put("heap_after_gc_mib", "");
      return;
    }
    say("heap after a full GC");
    // The class histogram runs a full GC and counts what survived it, in one command: the live
    // data. "used" from GC.heap_info after GC.run, a second jcmd a second or more later, also
    // counted what the root had allocated meanwhile (at 3,000 children, over 100 MiB of young
    // objects). Both are kept in .heap.txt.
    String histogram = command(60, jcmd, Long.toString(rootPid), "GC.class_histogram");
    String info = command(30, jcmd, Long.toString(rootPid), "GC.heap_info");
    String[] lines = histogram.split("\n");
    try {
      Files.writeString(
          raw.resolve(label + ".heap.txt"),
          String.join("\n", java.util.Arrays.copyOf(lines, Math.min(lines.length, 40)))
              + "\n...\n"
              + (lines.length > 0 ? lines[lines.length - 1] : "")
              + "\n\n"
              + info);
    } catch (IOException ignored) {
      // the figure below is what counts
    }
    Matcher total = Pattern.compile("(?m)^Total\\s+\\d+\\s+(\\d+)").matcher(histogram);
    put("heap_after_gc_mib", total.find() ? fmt(Long.parseLong(total.group(1)) / 1048576.0, 1) : "");
  }

  /** Runs a command for at most {@code seconds}; its output, or the failure. */
  private static String command(long seconds, String... command) {
    try {
      // Into a file: a long output (a class histogram) would fill a pipe nobody reads yet.
      Path out = Files.createTempFile("scale-command", ".txt");
      try {
        Process p =
            new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
          p.destroyForcibly();
          return "timed out after " + seconds + " s: " + String.join(" ", command);
        }
        return Files.readString(out);
      } finally {
        Files.deleteIfExists(out);
      }
    } catch (IOException e) {
      return e.toString();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return e.toString();
    }
  }

  // --- /proc --------------------------------------------------------------------------------

  private boolean alive() {
    return ProcessHandle.of(rootPid).map(ProcessHandle::isAlive).orElse(false);
  }

  /** utime + stime of a process, in clock ticks. */
  private static long cpuTicks(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(f[11]) + Long.parseLong(f[12]);
  }

  /** The machine's busy and idle ticks from /proc/stat (idle: idle + iowait). */
  private static long[] machineTicks() throws IOException {
    String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
    long busy = 0;
    for (int i : new int[] {1, 2, 3, 6, 7, 8}) { // user nice system irq softirq steal
      busy += Long.parseLong(f[i]);
    }
    return new long[] {busy, Long.parseLong(f[4]) + Long.parseLong(f[5])};
  }

  private static double rssMib(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
        }
      }
    } catch (IOException gone) {
      // the root is gone
    }
    return Double.NaN;
  }

  /** Ticks over a wall time as % of one core. */
  private double pct(long ticks, long wallNanos) {
    return ticks * 100.0 / clockTick / (wallNanos / 1e9);
  }

  // --- output -------------------------------------------------------------------------------

  static double percentile(List<Double> sorted, double p) {
    if (sorted.isEmpty()) {
      return Double.NaN;
    }
    int rank = (int) Math.ceil(p / 100.0 * sorted.size());
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
  }

  private static String fmt(double v, int decimals) {
    return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%." + decimals + "f", v);
  }

  private void put(String name, Object value) {
    synchronized (result) {
      result.put(name, String.valueOf(value));
    }
  }

  private synchronized void write() throws IOException {
    StringBuilder out = new StringBuilder();
    synchronized (result) {
      for (Map.Entry<String, String> e : result.entrySet()) {
        out.append(e.getKey()).append('\t').append(e.getValue()).append('\n');
      }
    }
    Files.writeString(raw.resolve(label + ".result"), out);
  }

  private void say(String what) {
    System.err.printf("bench/scale %s: %s%n", label, what);
  }
}
