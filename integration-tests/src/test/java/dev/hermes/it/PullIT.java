package dev.hermes.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A Hermes root pulling (issue 12), one root for all: (a) another Hermes JVM with a child of its
 * own, (b) an endpoint of the seed's JSON with fractional ages, a key without ttl and a key with a
 * space, (c) a dead URL, (d) an endpoint that answers 403 without the secret and 200 with it, (e)
 * one that answers after the timeout and one that streams 50 MB (cut off at the root's
 * childMemory=4m). Each is checked in text, JSON, {@code /metrics} and {@code tree}.
 */
class PullIT {
  private static final String SECRET = "pull-it-s3cret";
  private static final long BIG = 50L << 20;

  private static HttpServer server;
  private static ExecutorService serving;
  private static volatile String guardSecret = "not-the-roots";
  private static volatile String guardSaw;
  private static final AtomicLong bigWritten = new AtomicLong();
  private static Tree pulled;
  private static Tree root;

  @BeforeAll
  static void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    serving = Executors.newCachedThreadPool();
    server.setExecutor(serving);
    server.createContext(
        "/seed",
        ex ->
            answer(
                ex,
                200,
                "{\"load\": {\"value\": \"0.5\", \"age\": 1.25, \"ttl\": 30},"
                    + " \"queue depth\": {\"value\": \"7\", \"age\": 0.5},"
                    + " \"temp\": {\"value\": \"21.5\", \"age\": 2.75, \"ttl\": 3600.5}}"));
    server.createContext(
        "/guarded",
        ex -> {
          guardSaw = ex.getRequestHeaders().getFirst("Hermes-Secret");
          if (guardSecret.equals(guardSaw)) {
            answer(ex, 200, "{\"ok\": {\"value\": \"yes\"}}");
          } else {
            answer(ex, 403, "Forbidden");
          }
        });
    server.createContext(
        "/slow",
        ex -> {
          try {
            Thread.sleep(4000);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          answer(ex, 200, "{\"late\": {\"value\": \"1\"}}");
        });
    server.createContext("/big", PullIT::big);
    server.start();
    String at = "http://127.0.0.1:" + server.getAddress().getPort();

    pulled = Tree.start("secret=" + SECRET, "key=role=pulled", "child=java,sub,key=role=sub");
    pulled.root.awaitBody(
        pulled.url + "/", b -> b.contains("sub/role: sub\n"), "Hermes-Secret", SECRET);
    root =
        Tree.start(
            "secret="
                + SECRET
                + ",pullInterval=1,childMemory=4m,children="
                + String.join(
                    "|",
                    "hj=" + pulled.url + "/",
                    "seed=" + at + "/seed",
                    "dead=http://127.0.0.1:" + Jvm.freePort() + "/",
                    "guarded=" + at + "/guarded",
                    "slow=" + at + "/slow",
                    "big=" + at + "/big"),
            "key=role=root");
  }

  @AfterAll
  static void stop() {
    if (root != null) {
      root.root.close();
    }
    if (pulled != null) {
      pulled.root.close();
    }
    if (server != null) {
      server.stop(0);
      serving.shutdownNow();
    }
  }

  private static void answer(HttpExchange ex, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  /** 50 MB of keys of 1,000 characters each, written as fast as the client reads. */
  private static void big(HttpExchange ex) throws IOException {
    ex.sendResponseHeaders(200, 0);
    byte[] value = "x".repeat(1000).getBytes(StandardCharsets.US_ASCII);
    try (OutputStream out = new java.io.BufferedOutputStream(ex.getResponseBody(), 1 << 16)) {
      out.write('{');
      long written = 1;
      for (int i = 0; written < BIG; i++) {
        byte[] key = ((i == 0 ? "" : ",") + "\"k" + i + "\": {\"value\": \"").getBytes();
        out.write(key);
        out.write(value);
        out.write("\"}".getBytes());
        written += key.length + value.length + 2;
        bigWritten.set(written);
      }
      out.write('}');
    } catch (IOException cut) {
      // the client stopped reading: what we wanted
    }
  }

  private Map<String, String> await(String... lines) throws Exception {
    return TextLines.parse(
        root.root.awaitBody(
                root.url + "/",
                body -> {
                  for (String line : lines) {
                    if (!("\n" + body).contains("\n" + line + "\n")) {
                      return false;
                    }
                  }
                  return true;
                },
                "Hermes-Secret",
                SECRET)
            .body);
  }

  private String get(String path) throws Exception {
    Http.Response r = Http.get(root.url + path, "Hermes-Secret", SECRET);
    assertEquals(200, r.status, r.body);
    return r.body;
  }

  private String tree() throws Exception {
    Cli cli = Cli.run(Map.of("HERMES_SECRET", SECRET), "tree", root.url);
    assertEquals(0, cli.exit, cli.err);
    return cli.out;
  }

  @Test
  void aHermesJvmIsPulledWithItsOwnChild() throws Exception {
    Map<String, String> text =
        await(
            "hj/role: pulled",
            "hj/sub/role: sub",
            "hj/sub/hermes.child.state: running",
            "hj/hermes.child.state: running");
    assertEquals(text.get("hj/process.pid"), Long.toString(pulled.root.pid()));
    Map<String, Map<String, Object>> json = Json.tree(get("/?type=json"));
    assertEquals("sub", json.get("hj/sub/role").get("value"));
    String metrics = get("/metrics");
    assertTrue(
        metrics.contains("hermes_child_state{path=\"hj\",hermes_child_state=\"running\"} 1"),
        metrics);
    assertTrue(metrics.contains("hermes_child_up{path=\"hj/sub\"} 1"), metrics);
    String tree = tree();
    assertTrue(tree.contains("hj/  running"), tree);
    assertTrue(tree.contains("sub/  running"), tree);
  }

  @Test
  void theSeedsJsonWithFractionalAgesNoTtlAndAKeyWithASpace() throws Exception {
    Map<String, String> text =
        await(
            "seed/load: 0.5",
            "seed/queue_depth: 7",
            "seed/temp: 21.5",
            "seed/hermes.child.renamed: 1",
            "seed/hermes.child.state: running");
    assertNull(text.get("seed/hermes.child.error"));
    Map<String, Map<String, Object>> json = Json.tree(get("/?type=json"));
    BigDecimal age = (BigDecimal) json.get("seed/temp").get("age");
    assertTrue(age.compareTo(new BigDecimal("2.75")) >= 0, "age carried over: " + age);
    assertEquals(
        0, new BigDecimal("3600.5").compareTo((BigDecimal) json.get("seed/temp").get("ttl")));
    assertEquals(0, new BigDecimal(30).compareTo((BigDecimal) json.get("seed/load").get("ttl")));
    assertFalse(json.get("seed/queue_depth").containsKey("ttl"), "no ttl: none");
    String metrics = get("/metrics");
    assertTrue(metrics.contains("hermes_value{path=\"seed\",key=\"queue_depth\"} 7"), metrics);
    assertTrue(metrics.contains("hermes_value{path=\"seed\",key=\"hermes.child.renamed\"} 1"));
    assertTrue(tree().contains("seed/  running"));
    String err = root.root.stderr();
    assertTrue(err.contains("pulled child seed: key [queue depth] stored as queue_depth"), err);
  }

  @Test
  void aDeadUrlIsNotAnsweringWithConnectionRefused() throws Exception {
    await("dead/hermes.child.state: not_answering", "dead/hermes.child.error: connection refused");
    assertEquals(
        "connection refused",
        Json.tree(get("/?type=json")).get("dead/hermes.child.error").get("value"));
    String metrics = get("/metrics");
    assertTrue(
        metrics.contains(
            "hermes_child_state{path=\"dead\",hermes_child_state=\"not_answering\"} 1"),
        metrics);
    assertTrue(metrics.contains("hermes_child_up{path=\"dead\"} 0"), metrics);
    assertTrue(
        metrics.contains(
            "hermes_status_info{path=\"dead\",key=\"hermes.child.error\",value=\"connection"
                + " refused\"} 1"),
        metrics);
    String tree = tree();
    assertTrue(tree.contains("dead/  not_answering"), tree);
    assertTrue(tree.contains("error: connection refused"), tree);
  }

  @Test
  void anEndpointThatWantsTheSecretGetsIt() throws Exception {
    // It asks for another secret first: the root's answer is a 403, shown in band.
    await("guarded/hermes.child.state: not_answering", "guarded/hermes.child.error: HTTP 403");
    assertTrue(get("/metrics").contains("value=\"HTTP 403\"} 1"));
    assertTrue(tree().contains("error: HTTP 403"));
    assertEquals(SECRET, guardSaw, "the root sends its secret");
    guardSecret = SECRET;
    Map<String, String> text = await("guarded/ok: yes", "guarded/hermes.child.state: running");
    assertNull(text.get("guarded/hermes.child.error"));
    assertEquals("yes", Json.tree(get("/?type=json")).get("guarded/ok").get("value"));
    assertTrue(tree().contains("guarded/  running"));
  }

  @Test
  void aLateAnswerTimesOutAndA50MbOneIsCutOff() throws Exception {
    Map<String, String> text =
        await(
            "slow/hermes.child.state: not_answering",
            "slow/hermes.child.error: timeout after 1 s",
            "big/hermes.child.state: not_answering",
            "big/hermes.child.error: answer too large: cut off at 4 MiB");
    assertNull(text.get("slow/late"));
    assertFalse(text.keySet().stream().anyMatch(k -> k.startsWith("big/k")), "nothing stored");
    assertTrue(bigWritten.get() < BIG, "the 50 MB body was not read whole: " + bigWritten.get());
    Map<String, Map<String, Object>> json = Json.tree(get("/?type=json"));
    assertEquals("timeout after 1 s", json.get("slow/hermes.child.error").get("value"));
    String metrics = get("/metrics");
    assertTrue(metrics.contains("value=\"answer too large: cut off at 4 MiB\"} 1"), metrics);
    assertTrue(metrics.contains("hermes_child_up{path=\"slow\"} 0"), metrics);
    String tree = tree();
    assertTrue(tree.contains("error: timeout after 1 s"), tree);
    assertTrue(tree.contains("error: answer too large: cut off at 4 MiB"), tree);
  }
}
