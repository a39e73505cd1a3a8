package dev.hermes.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * A real Prometheus (Debian's {@code prometheus} package; {@code .ci/run} installs it) scraping a
 * three-level tree with the shipped scrape job and rules ({@code docs/prometheus/}); and {@code
 * promtool test rules} on the shipped rules' tests.
 */
class PrometheusServerIT {
  private static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");
  private static final Path DOCS = Path.of(System.getProperty("hermes.docs"), "prometheus");

  @Test
  void theShippedRulesPassTheirTests() throws Exception {
    assumeTrue(Files.isExecutable(ExpositionParsers.PROMTOOL), "promtool is missing");
    Process p =
        new ProcessBuilder(
                ExpositionParsers.PROMTOOL.toString(), "test", "rules", "hermes-rules.test.yml")
            .directory(DOCS.toFile())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), out);
  }

  @Test
  void prometheusReadsAGrandchildAndFiresTheShippedAlertWhenAChildIsKilled() throws Exception {
    assumeTrue(Files.isExecutable(PROMETHEUS), "prometheus is missing: apt-get install prometheus");
    Tree tree =
        Tree.start(
            "",
            "child=java,worker1,child=java,fetcher,key=fetched=7",
            "child=java,worker2,key=role=w2");
    Path dir = Temp.dir("hermes-prometheus");
    Files.copy(DOCS.resolve("hermes-rules.yml"), dir.resolve("hermes-rules.yml"));
    // The shipped scrape job, at a test's pace and pointed at this tree.
    String config =
        Files.readString(DOCS.resolve("prometheus.yml"))
            .replace("scrape_interval: 15s", "scrape_interval: 1s")
            .replace("evaluation_interval: 15s", "evaluation_interval: 1s")
            .replace("'127.0.0.1:9091'", "'" + tree.url.substring("http://".length()) + "'");
    Files.writeString(dir.resolve("prometheus.yml"), config);
    int port = Jvm.freePort();
    String api = "http://127.0.0.1:" + port + "/api/v1/";
    Process prometheus =
        new ProcessBuilder(
                PROMETHEUS.toString(),
                "--config.file=" + dir.resolve("prometheus.yml"),
                "--storage.tsdb.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("prometheus.log").toFile())
            .start();
    try (Started root = tree.root) {
      Map<String, String> text = tree.await("worker1/fetcher/fetched: 7", "worker2/role: w2");

      List<Object> fetched =
          await(
              api,
              "query?query="
                  + URLEncoder.encode(
                      "hermes_value{path=\"worker1/fetcher\",key=\"fetched\"}",
                      StandardCharsets.UTF_8),
              r -> !r.isEmpty(),
              dir);
      assertEquals("7", value(fetched.get(0)));

      ProcessHandle.of(Long.parseLong(text.get("worker2/hermes.child.pid")))
          .orElseThrow()
          .destroyForcibly();
      tree.await("worker2/hermes.child.state: exited");
      List<Object> alerts =
          await(
              api,
              "alerts",
              r -> {
                for (Object a : r) {
                  Map<?, ?> alert = (Map<?, ?>) a;
                  Map<?, ?> labels = (Map<?, ?>) alert.get("labels");
                  if ("HermesChildExited".equals(labels.get("alertname"))
                      && "worker2".equals(labels.get("path"))
                      && "firing".equals(alert.get("state"))) {
                    return true;
                  }
                }
                return false;
              },
              dir);
      for (Object a : alerts) {
        Map<?, ?> labels = (Map<?, ?>) ((Map<?, ?>) a).get("labels");
        if ("HermesChildExited".equals(labels.get("alertname"))) {
          assertEquals("worker2", labels.get("path"), "only worker2 exited: " + alerts);
        }
      }
    } finally {
      prometheus.destroy();
      if (!prometheus.waitFor(10, TimeUnit.SECONDS)) {
        prometheus.destroyForcibly();
      }
    }
  }

  /** Polls Prometheus's API until the {@code data.result} (or {@code data.alerts}) satisfies. */
  @SuppressWarnings("unchecked")
  private static List<Object> await(
      String api, String query, Predicate<List<Object>> ready, Path dir) throws Exception {
    long deadline = System.nanoTime() + 60_000_000_000L;
    String last = null;
    while (System.nanoTime() < deadline) {
      try {
        Http.Response r = Http.get(api + query);
        last = r.body;
        if (r.status == 200) {
          Map<String, Object> data =
              (Map<String, Object>) ((Map<String, Object>) Json.parse(r.body)).get("data");
          List<Object> result =
              (List<Object>) (data.containsKey("alerts") ? data.get("alerts") : data.get("result"));
          if (ready.test(result)) {
            return result;
          }
        }
      } catch (java.io.IOException notYet) {
        // Prometheus is still starting
      }
      Thread.sleep(200);
    }
    fail(
        "Prometheus never answered "
            + query
            + " as expected; last: "
            + last
            + "\n"
            + Files.readString(dir.resolve("prometheus.log")));
    return null;
  }

  private static String value(Object sample) {
    return (String) ((List<?>) ((Map<?, ?>) sample).get("value")).get(1);
  }
}
