package dev.hermes.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** An app that knows nothing of Hermes gets an endpoint with its process keys (JMX: JmxIT). */
class ZeroCodeIT {
  private static Started app;
  private static String url;

  @BeforeAll
  static void start() throws Exception {
    int port = Jvm.freePort();
    url = "http://127.0.0.1:" + port;
    app =
        Jvm.withAgent("port=" + port + ",jmx=off")
            .classPath(Jvm.apps())
            .main("dev.hermes.it.apps.PlainApp", "60000")
            .start();
    app.awaitBody(url + "/", body -> body.contains("status: running"));
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  @Test
  void textShowsTheProcessKeys() throws Exception {
    Http.Response r = Http.get(url + "/");
    assertEquals("text/plain; charset=utf-8", r.contentType);
    Map<String, String> lines = TextLines.parse(r.body);
    assertEquals("running", lines.get("status"));
    assertEquals(Long.toString(app.pid()), lines.get("process.pid"));
    assertEquals("dev.hermes.it.apps.PlainApp", lines.get("process.main"));
    assertEquals(System.getProperty("java.version"), lines.get("process.java.version"));
    Instant started = Instant.parse(lines.get("process.started"));
    assertTrue(started.isBefore(Instant.now()), started.toString());
    assertEquals("0.1.0-SNAPSHOT", lines.get("hermes.version"));
  }

  @Test
  void statusPathIsTheSameAsRoot() throws Exception {
    assertEquals(
        TextLines.parse(Http.get(url + "/").body).keySet(),
        TextLines.parse(Http.get(url + "/status").body).keySet());
  }

  @Test
  void jsonShowsTheSameKeysWithAges() throws Exception {
    Http.Response r = Http.get(url + "/?type=json");
    assertEquals("application/json; charset=utf-8", r.contentType);
    Map<String, Map<String, Object>> tree = Json.tree(r.body);
    assertEquals(TextLines.parse(Http.get(url + "/").body).keySet(), tree.keySet());
    assertEquals(Long.toString(app.pid()), tree.get("process.pid").get("value"));
    for (Map.Entry<String, Map<String, Object>> e : tree.entrySet()) {
      BigDecimal age = (BigDecimal) e.getValue().get("age");
      assertTrue(age.signum() >= 0, e.getKey() + " age " + age);
      assertFalse(e.getValue().containsKey("ttl"), e.getKey() + " has no ttl");
    }
  }

  @Test
  void stdoutIsUntouched() throws Exception {
    assertEquals("plain: hello\n", app.stdout());
    assertEquals("", app.stderr());
  }
}
