import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The soak harness (issue 10): against a running tree (root, child, grandchild; see
 * apps/SoakNode), once every legitimate key is visible at the root, runs the three attacks at once
 * for a window ({@link Hog}, {@link SlowSwarm}, {@link SseChurn}) while {@link HealthProber},
 * {@link TreeChecker} (every 3 s) and {@link RootSampler} watch; then waits for the root to answer
 * again, checks the tree a last time and writes the report's rows to {@code --result} (label TAB
 * value) and raw samples to {@code --raw}.*.tsv. It never throws at a dying root: every failure is
 * a count.
 *
 * <pre>java Soak --port P --root-pid PID --seconds S --jstat PATH --clk TCK --result F --raw PREFIX
 *   [--attacks hog,swarm,sse]
 * java Soak free-port</pre>
 */
public final class Soak {
  private static final int CHECK_EVERY_MS = 3000;
  private static final int CHECK_TIMEOUT_MS = 5000;
  private static final int SWARM_CLIENTS = 100;

  private final Map<String, String> rows = new LinkedHashMap<>();

  public static void main(String[] args) throws Exception {
    if (args.length == 1 && args[0].equals("free-port")) {
      try (ServerSocket s = new ServerSocket(0, 1, RawHttp.LOOPBACK)) {
        System.out.println(s.getLocalPort());
      }
      return;
    }
    Map<String, String> a = new LinkedHashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      a.put(args[i].substring(2), args[i + 1]);
    }
    new Soak().run(a);
  }

  private void run(Map<String, String> a) throws Exception {
    int port = Integer.parseInt(a.get("port"));
    long rootPid = Long.parseLong(a.get("root-pid"));
    int seconds = Integer.parseInt(a.get("seconds"));
    Path result = Path.of(a.get("result"));
    String raw = a.get("raw");
    List<String> attacks = List.of(a.getOrDefault("attacks", "hog,swarm,sse").split(","));
    long t0 = System.nanoTime();
    TreeChecker checker = new TreeChecker(port, t0);

    // 1. The tree: every legitimate key right at the root (3 JVMs start on a shared machine).
    Set<String> bad = null;
    while (since(t0) < 120 && (bad == null || !bad.isEmpty()) && alive(rootPid)) {
      bad = checker.check(CHECK_TIMEOUT_MS, null);
      if (bad == null || !bad.isEmpty()) {
        Hog.sleepQuietly(500);
      }
    }
    if (bad == null || !bad.isEmpty()) {
      rows.put("Error", "the tree never showed every legitimate key at the root ("
          + (bad == null ? "no answer" : bad.size() + " wrong or missing, e.g. " + bad.iterator().next())
          + (alive(rootPid) ? "" : "; the root exited") + "): no attack was run");
      write(result);
      System.exit(1);
    }
    double ready = since(t0);
    log("tree ready after %.1f s; attacks for %d s", ready, seconds);
    checker.check(CHECK_TIMEOUT_MS, "start"); // the ticks' starting point

    // 2. The window: everything at once.
    long w0 = System.nanoTime();
    RootSampler sampler = new RootSampler(rootPid, a.get("jstat"), Integer.parseInt(a.get("clk")), w0);
    sampler.begin();
    HealthProber prober = new HealthProber(port, w0);
    Hog hog = new Hog(port, w0);
    SseChurn churn = new SseChurn(port);
    SlowSwarm swarm = new SlowSwarm(port, attacks.contains("swarm") ? SWARM_CLIENTS : 0);
    AtomicBoolean checking = new AtomicBoolean(true);
    List<Thread> threads = new ArrayList<>();
    threads.add(daemon("sampler", sampler));
    threads.add(daemon("prober", prober));
    Thread hogThread = daemon("hog", attacks.contains("hog") ? hog : () -> {});
    threads.add(hogThread);
    if (attacks.contains("sse")) {
      threads.add(daemon("sse-churn", churn));
    }
    threads.add(daemon("checker", () -> { // a check every 3 s; one that took longer delays the next
      for (long next = w0; checking.get(); ) {
        long now = System.nanoTime();
        do {
          next += CHECK_EVERY_MS * 1_000_000L;
        } while (next < now);
        Hog.sleepQuietly((next - now) / 1_000_000);
        if (checking.get()) {
          checker.check(CHECK_TIMEOUT_MS, "window");
        }
      }
    }));
    swarm.start();
    for (int s = 1; s <= seconds; s++) {
      Hog.sleepQuietly(Math.max(0, w0 / 1_000_000 + s * 1000L - System.nanoTime() / 1_000_000));
      if (s % 5 == 0 || s == seconds) {
        log("%3d s: hog %s; swarm %d connections; sse %s; /health %s", s,
            hog.outcomes.detail(k -> true), swarm.connections.sum(), churn.outcomes.detail(k -> true),
            prober.outcomes.detail(k -> true));
      }
    }

    // 3. Stop the attacks, cut whatever is still in flight.
    double window = since(w0);
    double[] cpu = sampler.end(window);
    double hogWaiting = hog.inFlightSeconds();
    checking.set(false);
    checker.windowOver = true;
    hog.stop();
    churn.stop();
    prober.stop();
    Map<SlowSwarm.Kind, double[]> openAtEnd = swarm.stop();
    RawHttp.closeAll(hogThread); // its update in flight: the checks in flight may finish
    for (Thread t : threads) {
      t.join(3000);
    }

    // 4. Does the root answer again, are the keys all there?
    long s0 = System.nanoTime();
    double recovered = -1;
    while (since(s0) < 20 && alive(rootPid)) {
      try {
        if (RawHttp.get(port, "/health", 1000).status == 200) {
          recovered = since(s0);
          break;
        }
      } catch (IOException e) {
        // not yet
      }
      Hog.sleepQuietly(200);
    }
    // A child whose pushes failed retries with a backoff of up to 5 s: a check a second until the
    // root shows every key right and is at most 1 s behind every member, or 45 s have passed.
    Set<String> last = null;
    double caughtUp = -1;
    while (since(s0) < 45 && alive(rootPid)) {
      bad = checker.check(CHECK_TIMEOUT_MS, "after");
      last = bad == null ? last : bad;
      if (bad != null && bad.isEmpty() && checker.caughtUp(1.0)) {
        caughtUp = since(s0);
        break;
      }
      Hog.sleepQuietly(1000);
    }
    boolean alive = alive(rootPid);

    // 5. The rows of the report.
    long accepted = hog.outcomes.get("200");
    long refused = hog.outcomes.sum(k -> k.startsWith("4"));
    row("Attack window", "%.0f s, %s at once (the tree was ready %.1f s after the harness started)", window,
        attacks.size() == 3 ? "the three attacks" : "only " + String.join(", ", attacks), ready);
    row("(a) hog: updates accepted / refused (4xx) / errors", "%d / %d / %d", accepted, refused,
        hog.outcomes.sum(k -> !k.equals("200") && !k.startsWith("4")));
    row("(a) hog: detail", "%s; join %s; %.0f MiB of values accepted (%d keys); first refusal %s, first error %s%s",
        hog.outcomes.detail(k -> true), hog.joins.detail(k -> true),
        accepted * Hog.KEYS_PER_BATCH * (double) Hog.VALUE_CHARS / (1 << 20), accepted * Hog.KEYS_PER_BATCH,
        at(hog.firstRefusalSeconds), at(hog.firstErrorSeconds),
        hogWaiting < 0 ? "" : String.format(Locale.ROOT, "; at the end one update had waited %.1f s for an answer", hogWaiting));
    double[] head = openAtEnd.get(SlowSwarm.Kind.HEAD);
    double[] body = openAtEnd.get(SlowSwarm.Kind.BODY);
    long cutHead = swarm.lifetimesMs.get(SlowSwarm.Kind.HEAD).size();
    long cutBody = swarm.lifetimesMs.get(SlowSwarm.Kind.BODY).size();
    row("(b) slow swarm: connections / cut off (head, body)", "%d clients, %d connections / %d (%d, %d)",
        SWARM_CLIENTS, swarm.connections.sum(), cutHead + cutBody, cutHead, cutBody);
    row("(b) slow swarm: detail", "%s; median life of a cut connection: head %s, body %s; open at the end: "
            + "head %.0f (oldest %.0f s), body %.0f (oldest %.0f s); connect failures %s",
        swarm.cuts.detail(k -> true), median(swarm.lifetimesMs.get(SlowSwarm.Kind.HEAD)),
        median(swarm.lifetimesMs.get(SlowSwarm.Kind.BODY)), head[0], head[1], body[0], body[1],
        swarm.connectFailures.detail(k -> true));
    row("(c) SSE churn: sessions (200) / 503 / other", "%d / %d / %s", churn.outcomes.get("200"),
        churn.outcomes.get("503"), churn.outcomes.detail(k -> !k.equals("200") && !k.equals("503")));
    row("/health p50 / p99 / max ms", "%s / %s / %s (%d probes, every 100 ms, %d ms timeout; a failed probe ranks slowest)",
        prober.percentile(50), prober.percentile(99), prober.max(), prober.outcomes.sum(k -> true), HealthProber.TIMEOUT_MS);
    row("/health failures", "%d (%s); after the attacks stopped, %s", prober.failures(),
        prober.outcomes.detail(k -> !k.equals("200")), recovered >= 0 ? String.format(Locale.ROOT, "answered again within %.1f s", recovered)
        : alive(rootPid) ? "no answer for 20 s" : "no answer: the root is gone");
    long hogServed = hog.outcomes.sum(Tally::isStatus) + hog.joins.sum(Tally::isStatus);
    long sseServed = churn.outcomes.sum(Tally::isStatus);
    long healthServed = prober.outcomes.sum(Tally::isStatus);
    row("Requests served (answers the harness got)", "%d: hog %d, swarm %d, SSE %d, /health %d, checker %d",
        hogServed + swarm.answers.sum() + sseServed + healthServed + checker.served, hogServed, swarm.answers.sum(),
        sseServed, healthServed, checker.served);
    row("Root heap high-water (used, jstat)", "%s of -Xmx128m (%s at the start of the window); in the window %s",
        mib(sampler.heapMaxMiB), mib(sampler.heapStartMiB), gcs(sampler));
    row("Root RSS high-water", "%s (the higher of VmHWM at the end, %s, and VmRSS sampled each second, %s)",
        mib(Math.max(sampler.hwmMiB, sampler.rssMaxMiB)), mib(sampler.hwmMiB), mib(sampler.rssMaxMiB));
    row("Legit keys: checks answered", "%d of %d started in the window (every %d s, %d s timeout); after it, %d of %d",
        checker.answered.get("window"), checker.checks.get("window"), CHECK_EVERY_MS / 1000, CHECK_TIMEOUT_MS / 1000,
        checker.answered.get("after"), checker.checks.get("after"));
    row("Legit keys checked / lost / altered", "%d / %d / %d%s", checker.keysChecked, checker.lost.size(), checker.altered.size(),
        checker.lost.isEmpty() && checker.altered.isEmpty() ? "" : " (" + first(checker.lost, "lost") + (checker.lost.isEmpty() || checker.altered.isEmpty() ? "" : "; ")
            + first(checker.altered, "altered") + ")");
    row("Legit keys at the end", last == null ? "not checked: the root did not answer"
        : last.isEmpty() ? "all " + TreeChecker.MEMBERS.size() * 51 + " present and right" : last.size() + " lost or altered: " + first(last, ""));
    StringBuilder ticks = new StringBuilder();
    for (String m : TreeChecker.MEMBERS) {
      ticks.append(ticks.length() == 0 ? "" : "; ").append(m).append(' ')
          .append(checker.firstTick.get(m)).append(" → ").append(checker.lastTick.get(m))
          .append(m.equals("root") ? "" : String.format(Locale.ROOT, " (at most %.1f s behind its own)", checker.maxLag.getOrDefault(m, -1.0)));
    }
    row("soak.tick at the root, first → last check", ticks.toString());
    StringBuilder behind = new StringBuilder();
    checker.lastLag.forEach((m, lag) -> behind.append(behind.length() == 0 ? "" : ", ").append(m)
        .append(String.format(Locale.ROOT, " %.1f s", lag)));
    row("Tree caught up after the attacks", caughtUp >= 0
        ? String.format(Locale.ROOT, "%.1f s after they stopped (every key right, the root ≤ 1 s behind every member)", caughtUp)
        : !alive ? "no: the root is gone"
        : checker.answered.get("after") == 0 ? "no: the root answered no check within 45 s"
        : "NOT within 45 s; at the last check the root's copy was behind by: " + behind);
    row("Children's state at the root (per check)", checker.childStates.detail(k -> true)
        + (checker.failures.sum(k -> true) == 0 ? "" : "; checks failed: " + checker.failures.detail(k -> true)));
    row("Root alive at the end", (alive ? "yes" : "NO: the process is gone")
        + (sampler.exitedSeconds < 0 ? "" : String.format(Locale.ROOT, " (gone %.0f s into the window)", sampler.exitedSeconds))
        + (recovered >= 0 ? ", /health answers" : ", /health does not answer"));
    row("CPU in the window (% of one core)", "root+child+grandchild %.0f, harness %.0f, others (interference) %.0f; machine busy %.0f of %d",
        cpu[1], cpu[2], cpu[0], cpu[3], 100 * Runtime.getRuntime().availableProcessors());
    Map<String, String> letters = Map.of("(a)", "hog", "(b)", "swarm", "(c)", "sse");
    rows.replaceAll((label, value) -> label.length() > 3 && letters.containsKey(label.substring(0, 3))
        && !attacks.contains(letters.get(label.substring(0, 3))) ? "not run" : value);
    write(result);
    Files.writeString(Path.of(raw + ".health.tsv"), prober.tsv());
    Files.writeString(Path.of(raw + ".root.tsv"), sampler.tsv.toString());
    Files.writeString(Path.of(raw + ".checks.tsv"), checker.tsv.toString());
    log("done");
    System.exit(0); // swarm threads still closing are daemons
  }

  private void row(String label, String format, Object... args) {
    rows.put(label, args.length == 0 ? format : String.format(Locale.ROOT, format, args));
  }

  private void write(Path result) throws IOException {
    StringBuilder out = new StringBuilder();
    rows.forEach((k, v) -> out.append(k).append('\t').append(v.replace('\t', ' ').replace('\n', ' ')).append('\n'));
    Files.writeString(result, out.toString());
  }

  private static String gcs(RootSampler s) {
    if (s.gcFirst == null || s.gcLast == null) {
      return "no GC figures (jstat gave none)";
    }
    return String.format(Locale.ROOT, "%.0f young and %.0f full GCs, %.1f s of GC",
        s.gcLast[0] - s.gcFirst[0], s.gcLast[1] - s.gcFirst[1], s.gcLast[2] - s.gcFirst[2]);
  }

  private static String mib(double v) {
    return v < 0 ? "-" : String.format(Locale.ROOT, "%.1f MiB", v);
  }

  private static String at(double seconds) {
    return seconds < 0 ? "none" : String.format(Locale.ROOT, "at %.1f s", seconds);
  }

  private static String median(List<Long> ms) {
    List<Long> copy;
    synchronized (ms) {
      copy = new ArrayList<>(ms);
    }
    if (copy.isEmpty()) {
      return "-";
    }
    copy.sort(null);
    return String.format(Locale.ROOT, "%.1f s", copy.get((copy.size() - 1) / 2) / 1000.0);
  }

  private static String first(Set<String> keys, String what) {
    if (keys.isEmpty()) {
      return "";
    }
    List<String> some = new ArrayList<>(keys).subList(0, Math.min(3, keys.size()));
    return (what.isEmpty() ? "" : what + ": ") + String.join(", ", some) + (keys.size() > 3 ? ", …" : "");
  }

  /** Alive and not a zombie (the root's exit is reaped by run.sh only once this harness ends). */
  private static boolean alive(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      return !stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
    } catch (IOException e) {
      return false;
    }
  }

  private static double since(long t) {
    return (System.nanoTime() - t) / 1e9;
  }

  private static Thread daemon(String name, Runnable r) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    t.start();
    return t;
  }

  private static void log(String format, Object... args) {
    System.out.println("[soak] " + String.format(Locale.ROOT, format, args));
  }
}
