import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Grows one tree of {@code Node} JVMs under a root with hermes.jar and measures, at each size,
 * the root's scrape latency ({@code GET /} and {@code GET /?type=json} alternating on one
 * keep-alive connection), its RSS, and the propagation latency of the grandchild's {@code tick};
 * at the largest size it also SIGSTOPs one child and measures again. Settings are {@code bench.*}
 * system properties (see run.sh); figures go to stdout as {@code key<TAB>value} lines.
 */
final class TreeBench {
  private static final String TICK_KEY = "c01/g/tick";
  private static final String STOPPED = "c02";

  private final String label = System.getProperty("bench.label");
  private final int requests = Integer.getInteger("bench.requests", 2000);
  private final int warmup = Integer.getInteger("bench.warmup", 200);
  private final int ticks = Integer.getInteger("bench.ticks", 100);
  private final long pollMicros = Long.getLong("bench.pollMicros", 1000);
  private final long settleMs = Long.getLong("bench.settleMs", 3000);
  private final Path stopFile = Path.of(System.getProperty("bench.stopFile"));
  private Process root;
  private OutputStream commands;
  private BufferedReader answers;
  private int port;
  private int children;
  private volatile long stoppedPid = -1;

  public static void main(String[] args) throws Exception {
    new TreeBench().run();
  }

  private void run() throws Exception {
    Runtime.getRuntime().addShutdownHook(new Thread(this::cleanUp, "bench-reaper"));
    List<Integer> points = ints("bench.points");
    List<Integer> propPoints = ints("bench.propPoints");
    startRoot();
    for (int n : points) {
      long t0 = System.nanoTime();
      grow(n);
      figure("ready_s/" + n, (System.nanoTime() - t0) / 1e9);
      Thread.sleep(settleMs);
      measureAt(Integer.toString(n), n >= 1 && propPoints.contains(n));
    }
    if (children >= 2 && Boolean.parseBoolean(System.getProperty("bench.stop", "true"))) {
      stopOneChild();
      measureAt("stopped", true);
      resume();
    }
    shutDown();
  }

  private void startRoot() throws IOException {
    List<String> command = new ArrayList<>();
    command.add(System.getProperty("bench.java"));
    command.addAll(words(System.getProperty("bench.rootOpts", "")));
    command.add("-javaagent:" + System.getProperty("bench.agent") + "=port=0,jmx=off");
    for (String p : System.getProperties().stringPropertyNames()) {
      if (p.startsWith("node.")) {
        command.add("-D" + p + "=" + System.getProperty(p));
      }
    }
    command.addAll(List.of("-cp", System.getProperty("bench.cp"), "Node", "root"));
    ProcessBuilder builder = new ProcessBuilder(command);
    Map<String, String> env = builder.environment();
    env.keySet().removeIf(k -> k.startsWith("HERMES_"));
    env.put("HERMES_JMX", "off"); // inherited by every JVM of the tree
    builder.redirectError(ProcessBuilder.Redirect.INHERIT);
    root = builder.start();
    commands = root.getOutputStream();
    answers =
        new BufferedReader(new InputStreamReader(root.getInputStream(), StandardCharsets.UTF_8));
    String url = answers.readLine();
    if (url == null || !url.startsWith("url http://")) {
      throw new IllegalStateException("the root did not report its URL: [" + url + "]");
    }
    port = Integer.parseInt(url.substring(url.lastIndexOf(':') + 1).trim());
  }

  /** Starts children until the root has {@code n}, and waits until all of them report ready. */
  private void grow(int n) throws Exception {
    if (n > children && children == 0) {
      command("chain");
      children = 1;
    }
    if (n > children) {
      command("spawn " + (n - children));
      children = n;
    }
    int expected = children == 0 ? 0 : children + 1; // c01 has the grandchild g
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
    try (KeepAliveClient client = new KeepAliveClient(port)) {
      while (true) {
        String text = client.get("/").text();
        long ready = text.lines().filter(l -> l.endsWith("/role.ready: yes")).count();
        if (ready >= expected) {
          return;
        }
        if (System.nanoTime() > deadline || !root.isAlive()) {
          throw new IllegalStateException(ready + " of " + expected + " JVMs ready after 180 s");
        }
        Thread.sleep(200);
      }
    }
  }

  private void command(String line) throws IOException {
    commands.write((line + "\n").getBytes(StandardCharsets.UTF_8));
    commands.flush();
    String answer = answers.readLine();
    if (answer == null || !answer.startsWith("ok")) {
      throw new IllegalStateException("the root answered [" + answer + "] to [" + line + "]");
    }
  }

  private void measureAt(String point, boolean propagation) throws Exception {
    try (KeepAliveClient client = new KeepAliveClient(port)) {
      String text = client.get("/").text();
      figure("keys/" + point, text.lines().count());
      figure("bytes/" + point + "/text", text.getBytes(StandardCharsets.UTF_8).length);
      figure("bytes/" + point + "/json", client.get("/?type=json").body().length);
      List<Long> pids = pids(text);
      figure("jvms/" + point, pids.size());
      for (int i = 0; i < warmup; i++) {
        client.get("/");
        client.get("/?type=json");
      }
      double[] plain = new double[requests];
      double[] json = new double[requests];
      int errors = 0;
      for (int i = 0; i < requests; i++) {
        long t0 = System.nanoTime();
        errors += client.get("/").status() == 200 ? 0 : 1;
        long t1 = System.nanoTime();
        errors += client.get("/?type=json").status() == 200 ? 0 : 1;
        long t2 = System.nanoTime();
        plain[i] = (t1 - t0) / 1e6;
        json[i] = (t2 - t1) / 1e6;
      }
      System.out.print(Stats.figures(label + "/scrape/" + point + "/text", plain));
      System.out.print(Stats.figures(label + "/scrape/" + point + "/json", json));
      figure("scrape_errors/" + point, errors + client.reconnects);
      if (propagation) {
        TickPoller.Result r =
            TickPoller.poll(port, TICK_KEY, ticks, pollMicros, ticks * 200L + 10_000);
        System.out.print(Stats.figures(label + "/prop/" + point, r.latenciesMs()));
        figure("prop_missed/" + point, r.missed());
        figure("prop_poll_ms/" + point, r.meanPollIntervalMs());
      }
      figure("rss_root/" + point, ProcFs.rssMib(root.pid()));
      double total = 0;
      for (long pid : pids) {
        try {
          total += ProcFs.rssMib(pid);
        } catch (IOException gone) {
          // exited meanwhile: counts nothing
        }
      }
      figure("rss_tree/" + point, total);
    }
  }

  /** The root's pid and every child's, as the root reports them. */
  private List<Long> pids(String text) {
    List<Long> pids = new ArrayList<>(List.of(root.pid()));
    text.lines()
        .filter(l -> l.contains("/hermes.child.pid: "))
        .forEach(l -> pids.add(Long.parseLong(l.substring(l.indexOf(": ") + 2).trim())));
    return pids;
  }

  private void stopOneChild() throws Exception {
    long pid;
    try (KeepAliveClient client = new KeepAliveClient(port)) {
      String pidKey = "/?prefix=" + STOPPED + "/hermes.child.pid";
      String line = client.get(pidKey).text().lines().findFirst().orElseThrow();
      pid = Long.parseLong(line.substring(line.indexOf(": ") + 2).trim());
      // Written first, so that the script's EXIT trap can resume it whatever happens next.
      Files.writeString(stopFile, Long.toString(pid));
      stoppedPid = pid;
      signal("-STOP", pid);
      long t0 = System.nanoTime();
      String state = STOPPED + "/hermes.child.state: not_answering";
      while (!client.get("/?prefix=" + STOPPED + "/hermes.child.state").text().contains(state)) {
        if (System.nanoTime() - t0 > TimeUnit.SECONDS.toNanos(20)) {
          throw new IllegalStateException("the stopped child is not shown not_answering in 20 s");
        }
        Thread.sleep(50);
      }
      figure("stopped_state_s", (System.nanoTime() - t0) / 1e9);
      String keys = client.get("/?prefix=" + STOPPED + "/k.").text();
      figure("stopped_keys_served", keys.lines().count());
    }
  }

  private void resume() throws Exception {
    long pid = stoppedPid;
    if (pid > 0) {
      signal("-CONT", pid);
      stoppedPid = -1;
      Files.deleteIfExists(stopFile);
    }
  }

  private static void signal(String signal, long pid) throws Exception {
    Process kill = new ProcessBuilder("kill", signal, Long.toString(pid)).inheritIO().start();
    if (kill.waitFor() != 0) {
      throw new IllegalStateException("kill " + signal + " " + pid + " failed");
    }
  }

  private void shutDown() throws Exception {
    commands.close(); // the root stops its children, then exits
    if (!root.waitFor(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException("the root did not exit within 30 s of its stdin closing");
    }
  }

  private void cleanUp() {
    try {
      resume();
    } catch (Exception e) {
      System.err.println("bench: could not resume pid " + stoppedPid + ": " + e);
    }
    if (root != null && root.isAlive()) {
      root.descendants().forEach(ProcessHandle::destroyForcibly);
      root.destroyForcibly();
    }
  }

  private void figure(String key, double value) {
    System.out.print(Stats.figure(label + "/" + key, value));
    System.out.flush();
  }

  private static List<Integer> ints(String property) {
    List<Integer> out = new ArrayList<>();
    for (String w : words(System.getProperty(property, "").replace(',', ' '))) {
      out.add(Integer.parseInt(w));
    }
    return out;
  }

  private static List<String> words(String s) {
    return s.isBlank() ? List.of() : Arrays.asList(s.trim().split(" +"));
  }
}
