import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Issue 14's figures. (1) The cost of 20 probes at a 1 s interval on an idle JVM: CPU (from
 * /proc/PID/stat over a window after a warm-up) and RSS at the window's end, in interleaved rounds
 * beside the same JVM and agent without probes. (2) The time from a child's exit (the harness's
 * SIGKILL) to the alert webhook's delivery at the root, over repeated kills.
 *
 * <p>{@code java ProbesBench.java hermes.jar appsDir rounds windowSeconds kills}
 */
public final class ProbesBench {
  static final long CLK_TCK = 100;

  public static void main(String[] args) throws Exception {
    Path jar = Path.of(args[0]).toAbsolutePath();
    Path apps = Path.of(args[1]).toAbsolutePath();
    int rounds = Integer.parseInt(args[2]);
    int window = Integer.parseInt(args[3]);
    int kills = Integer.parseInt(args[4]);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Path dir = Files.createTempDirectory("hermes-probes-bench");

    // Local targets for the probes: an HTTP server answering 200 and a listening TCP port.
    HttpServer web = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    web.createContext(
        "/",
        x -> {
          byte[] b = "{\"status\":\"UP\"}".getBytes();
          x.sendResponseHeaders(200, b.length);
          x.getResponseBody().write(b);
          x.close();
        });
    web.start();
    ServerSocket tcp = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
    Thread acceptor =
        new Thread(
            () -> {
              while (true) {
                try {
                  tcp.accept().close();
                } catch (IOException e) {
                  return;
                }
              }
            });
    acceptor.setDaemon(true);
    acceptor.start();
    StringBuilder probes = new StringBuilder();
    int httpPort = web.getAddress().getPort();
    for (int i = 0; i < 8; i++) {
      probes.append("web" + i + " = http http://127.0.0.1:" + httpPort + "/h every=1s\n");
    }
    for (int i = 0; i < 4; i++) {
      probes.append("json" + i + " = http http://127.0.0.1:" + httpPort + "/h every=1s json=/status equals=UP\n");
    }
    for (int i = 0; i < 4; i++) {
      probes.append("tcp" + i + " = tcp 127.0.0.1:" + tcp.getLocalPort() + " every=1s\n");
    }
    for (int i = 0; i < 4; i++) {
      probes.append("heap" + i + " = key jvm.memory.heap.used / jvm.memory.heap.max warning=>0.8 critical=>0.95 every=1s\n");
    }
    Path probesFile = dir.resolve("probes");
    Files.writeString(probesFile, probes.toString());

    System.out.println("## 20 probes at 1 s: CPU and RSS (" + rounds + " interleaved rounds, " + window + " s window after 10 s)");
    System.out.println("variant\tround\tcpu_percent\trss_mib\tthreads");
    List<double[]> without = new ArrayList<>();
    List<double[]> with = new ArrayList<>();
    for (int r = 0; r < rounds; r++) {
      for (int v = 0; v < 2; v++) {
        boolean on = (r % 2 == 0) == (v == 0);
        String agent = "-javaagent:" + jar + "=port=0" + (on ? ",probes=" + probesFile : "");
        Process p =
            new ProcessBuilder(java, agent, "-cp", apps.toString(), "Idle", "600")
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("idle-" + r + "-" + v + ".log").toFile())
                .start();
        try {
          Thread.sleep(10_000);
          long t0 = cpuTicks(p.pid());
          long n0 = System.nanoTime();
          Thread.sleep(window * 1000L);
          long t1 = cpuTicks(p.pid());
          long n1 = System.nanoTime();
          double cpu = 100.0 * (t1 - t0) / CLK_TCK / ((n1 - n0) / 1e9);
          double rss = status(p.pid(), "VmRSS:") / 1024.0;
          double threads = status(p.pid(), "Threads:");
          (on ? with : without).add(new double[] {cpu, rss, threads});
          System.out.printf(Locale.ROOT, "%s\t%d\t%.2f\t%.1f\t%.0f%n", on ? "20 probes" : "no probes", r, cpu, rss, threads);
        } finally {
          p.destroy();
          p.waitFor(10, TimeUnit.SECONDS);
        }
      }
    }
    System.out.printf(Locale.ROOT, "median\tno probes\tcpu %.2f%%\trss %.1f MiB\tthreads %.0f%n", median(without, 0), median(without, 1), median(without, 2));
    System.out.printf(Locale.ROOT, "median\t20 probes\tcpu %.2f%%\trss %.1f MiB\tthreads %.0f%n", median(with, 0), median(with, 1), median(with, 2));
    web.stop(0);
    tcp.close();

    // (2) A child's exit to the webhook at the root.
    BlockingQueue<long[]> arrivals = new ArrayBlockingQueue<>(1000);
    HttpServer hook = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    hook.createContext(
        "/",
        x -> {
          long at = System.nanoTime();
          String body = new String(x.getRequestBody().readAllBytes());
          arrivals.add(new long[] {at, body.contains("\"state\":\"firing\"") ? 1 : 0});
          x.sendResponseHeaders(204, -1);
          x.close();
        });
    hook.start();
    Path rules = dir.resolve("alerts");
    Files.writeString(
        rules,
        "down = */hermes.child.state is:exited webhook=http://127.0.0.1:"
            + hook.getAddress().getPort()
            + "/hook\n");
    int rootPort;
    try (ServerSocket s = new ServerSocket(0)) {
      rootPort = s.getLocalPort();
    }
    Process root =
        new ProcessBuilder(
                java,
                "-javaagent:" + jar + "=port=" + rootPort + ",alerts=" + rules,
                "-cp",
                apps.toString(),
                "Supervisor")
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("root.log").toFile())
            .start();
    HttpClient client = HttpClient.newHttpClient();
    List<Double> latencies = new ArrayList<>();
    try {
      String lastPid = "";
      for (int k = 0; k < kills; k++) {
        String pid = awaitRunning(client, rootPort, lastPid);
        lastPid = pid;
        arrivals.clear();
        long killed = System.nanoTime();
        ProcessHandle.of(Long.parseLong(pid)).orElseThrow().destroyForcibly();
        long[] firing = null;
        while (firing == null) {
          long[] a = arrivals.poll(30, TimeUnit.SECONDS);
          if (a == null) {
            throw new IllegalStateException("no webhook within 30 s; see " + dir.resolve("root.log"));
          }
          if (a[1] == 1) {
            firing = a;
          }
        }
        latencies.add((firing[0] - killed) / 1e6);
      }
    } finally {
      root.descendants().forEach(ProcessHandle::destroyForcibly);
      root.destroyForcibly();
      hook.stop(0);
    }
    Collections.sort(latencies);
    System.out.println();
    System.out.println("## SIGKILL of a child to the webhook's delivery at the root (" + kills + " kills)");
    System.out.printf(Locale.ROOT, "p50 %.1f ms\tp99 %.1f ms\tmin %.1f ms\tmax %.1f ms%n",
        pct(latencies, 50), pct(latencies, 99), latencies.get(0), latencies.get(latencies.size() - 1));
  }

  static String awaitRunning(HttpClient client, int port, String notPid) throws Exception {
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (System.nanoTime() < deadline) {
      try {
        String body =
            client
                .send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/?prefix=worker1/hermes.child.")).build(),
                    HttpResponse.BodyHandlers.ofString())
                .body();
        String state = null;
        String pid = null;
        for (String line : body.split("\n")) {
          if (line.startsWith("worker1/hermes.child.state: ")) {
            state = line.substring(line.indexOf(": ") + 2);
          }
          if (line.startsWith("worker1/hermes.child.pid: ")) {
            pid = line.substring(line.indexOf(": ") + 2);
          }
        }
        if ("running".equals(state) && pid != null && !pid.equals(notPid)) {
          return pid;
        }
      } catch (IOException notYet) {
        // the root is starting
      }
      Thread.sleep(50);
    }
    throw new IllegalStateException("worker1 never ran");
  }

  static long cpuTicks(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime (fields 14, 15)
  }

  static double status(long pid, String field) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      if (line.startsWith(field)) {
        return Double.parseDouble(line.replaceAll("[^0-9]", ""));
      }
    }
    return Double.NaN;
  }

  static double median(List<double[]> rows, int col) {
    List<Double> v = new ArrayList<>();
    for (double[] r : rows) {
      v.add(r[col]);
    }
    Collections.sort(v);
    return v.isEmpty() ? Double.NaN : v.get(v.size() / 2);
  }

  static double pct(List<Double> sorted, int p) {
    int i = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
  }
}
