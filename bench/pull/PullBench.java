import com.sun.net.httpserver.HttpServer;
import java.io.File;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executors;

/**
 * Issue 12's figure: the root's {@code GET /} latency with 10 pulled children (one of them hung:
 * it takes the connection and never answers) beside the same root without them, in one run. Two
 * roots (an idle app with hermes.jar) run side by side; the scrapes alternate between them in
 * rounds, so both see the same machine. The endpoints are served by this JVM.
 *
 * <p>{@code java PullBench.java JAR CLASSES ROUNDS REQUESTS PULL_INTERVAL}
 */
public final class PullBench {
  public static void main(String[] args) throws Exception {
    String jar = args[0];
    String classes = args[1];
    int rounds = Integer.parseInt(args[2]);
    int requests = Integer.parseInt(args[3]);
    String interval = args[4];

    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(Executors.newCachedThreadPool());
    StringBuilder seed = new StringBuilder("{");
    for (int i = 0; i < 20; i++) {
      seed.append(i == 0 ? "" : ",")
          .append("\"metric ").append(i).append("\": {\"value\": \"").append(i * 1.5)
          .append("\", \"age\": 0.25, \"ttl\": 30}");
    }
    byte[] body = seed.append('}').toString().getBytes(StandardCharsets.UTF_8);
    server.createContext(
        "/seed",
        ex -> {
          ex.sendResponseHeaders(200, body.length);
          try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
          }
        });
    server.createContext(
        "/hung",
        ex -> {
          try {
            Thread.sleep(3_600_000); // takes the request, never answers
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
    server.start();
    String at = "http://127.0.0.1:" + server.getAddress().getPort();
    List<String> children = new ArrayList<>();
    for (int i = 1; i <= 9; i++) {
      children.add("c" + i + "=" + at + "/seed");
    }
    children.add("hung=" + at + "/hung");

    int plainPort = freePort();
    Process plain = root(jar, classes, "port=" + plainPort);
    int pullingPort = freePort();
    Process pulling =
        root(
            jar,
            classes,
            "port=" + pullingPort + ",pullInterval=" + interval + ",children="
                + String.join("|", children));
    try {
      HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      String plainUrl = "http://127.0.0.1:" + plainPort + "/";
      String pullingUrl = "http://127.0.0.1:" + pullingPort + "/";
      awaitTree(client, plainUrl, "status: running");
      awaitTree(client, pullingUrl, "hung/hermes.child.state: not_answering");
      awaitTree(client, pullingUrl, "c9/hermes.child.state: running");
      String tree = get(client, pullingUrl);
      long keys = tree.lines().count();
      // Warm-up: both JITs see the same requests first.
      scrape(client, plainUrl, requests);
      scrape(client, pullingUrl, requests);
      List<Long> a = new ArrayList<>();
      List<Long> b = new ArrayList<>();
      for (int r = 0; r < rounds; r++) {
        a.addAll(scrape(client, plainUrl, requests));
        b.addAll(scrape(client, pullingUrl, requests));
      }
      String still = get(client, pullingUrl);
      System.out.printf(
          "root without pulled children: GET / p50 %.3f ms, p99 %.3f ms (%d requests, %d lines in"
              + " its tree)%n",
          pct(a, 50), pct(a, 99), a.size(), get(client, plainUrl).lines().count());
      System.out.printf(
          "root with 10 pulled children (1 hung), %s s interval: GET / p50 %.3f ms, p99 %.3f ms"
              + " (%d requests, %d lines in its tree)%n",
          interval, pct(b, 50), pct(b, 99), b.size(), keys);
      System.out.printf("ratio p99 %.2f, p50 %.2f%n", pct(b, 99) / pct(a, 99), pct(b, 50) / pct(a, 50));
      System.out.println(
          "hung still shown: "
              + still.lines().filter(l -> l.startsWith("hung/hermes.child.error")).findFirst()
                  .orElse("(no error line)"));
    } finally {
      plain.destroyForcibly();
      pulling.destroyForcibly();
      server.stop(0);
      System.exit(0);
    }
  }

  static Process root(String jar, String classes, String agentArgs) throws Exception {
    Path log = Files.createTempFile("pull-bench", ".log");
    ProcessBuilder pb =
        new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-javaagent:" + jar + "=" + agentArgs,
            "-cp",
            classes,
            "Idle",
            "600");
    pb.environment().keySet().removeIf(k -> k.startsWith("HERMES_"));
    return pb.redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  static List<Long> scrape(HttpClient client, String url, int n) throws Exception {
    List<Long> nanos = new ArrayList<>(n);
    HttpRequest request = HttpRequest.newBuilder(URI.create(url)).GET().build();
    for (int i = 0; i < n; i++) {
      long t0 = System.nanoTime();
      HttpResponse<byte[]> r = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
      nanos.add(System.nanoTime() - t0);
      if (r.statusCode() != 200) {
        throw new IllegalStateException(url + " answered " + r.statusCode());
      }
    }
    return nanos;
  }

  static String get(HttpClient client, String url) throws Exception {
    return client
        .send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString())
        .body();
  }

  static void awaitTree(HttpClient client, String url, String line) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      try {
        if (("\n" + get(client, url)).contains("\n" + line + "\n")) {
          return;
        }
      } catch (java.io.IOException notYet) {
        // not up yet
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException(url + " never showed " + line);
  }

  static double pct(List<Long> samples, int p) {
    long[] s = samples.stream().mapToLong(Long::longValue).toArray();
    Arrays.sort(s);
    int rank = (int) Math.ceil(p / 100.0 * s.length) - 1;
    return s[Math.max(0, rank)] / 1e6;
  }

  static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
