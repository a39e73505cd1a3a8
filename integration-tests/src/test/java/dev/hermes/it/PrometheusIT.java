package dev.hermes.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hermes.it.apps.OddApp;
import java.math.BigDecimal;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A three-level tree of odd keys and values, scraped at the root, through real parsers. */
class PrometheusIT {
  private static final String OPENMETRICS_ACCEPT =
      "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;"
          + "q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1";

  private static Started root;
  private static String url;

  @BeforeAll
  static void start() throws Exception {
    int port = Jvm.freePort();
    url = "http://127.0.0.1:" + port;
    root =
        Jvm.withAgent("port=" + port)
            .env("HERMES_JMX", "off")
            .classPath(Jvm.apps(), Jvm.apiJar().toString())
            .main("dev.hermes.it.apps.OddApp", "kid", "grand")
            .start();
    root.awaitBody(url + "/", body -> body.contains("kid/grand/odd.ready: yes"));
  }

  @AfterAll
  static void stop() {
    root.close();
  }

  @Test
  void textExpositionPassesPromtool() throws Exception {
    Http.Response metrics = Http.get(url + "/metrics");
    assertEquals(200, metrics.status);
    assertEquals("text/plain; version=0.0.4; charset=utf-8", metrics.contentType);
    ExpositionParsers.Result check = ExpositionParsers.promtool(metrics.body);
    assertEquals(0, check.exit, check.output + "\n" + metrics.body);
    assertEquals("", check.output.trim());
  }

  @Test
  void oddValuesSurviveTheTextParserExactly() throws Exception {
    List<Map<String, Object>> samples =
        ExpositionParsers.python(Http.get(url + "/metrics").body, false);
    for (String path : new String[] {"", "kid", "kid/grand"}) {
      for (String key : new String[] {"odd.quote", "odd.backslash", "odd.newline", "odd.unicode"}) {
        assertEquals(oddValue(key), infoValue(samples, path, key), path + " " + key);
      }
      assertEquals(oddValue("odd.controls"), infoValue(samples, path, "odd.controls"));
    }
  }

  @Test
  void openMetricsIsNegotiatedAndPassesTheOpenMetricsParser() throws Exception {
    Http.Response metrics = Http.get(url + "/metrics", "Accept", OPENMETRICS_ACCEPT);
    assertEquals("application/openmetrics-text; version=1.0.0; charset=utf-8", metrics.contentType);
    assertTrue(metrics.body.endsWith("\n# EOF\n"), metrics.body);
    List<Map<String, Object>> samples = ExpositionParsers.python(metrics.body, true);
    assertEquals(oddValue("odd.unicode"), infoValue(samples, "kid/grand", "odd.unicode"));
    assertEquals("info", sample(samples, "hermes_status_info", "kid", "odd.quote").get("type"));
  }

  @Test
  void numbersAreGaugesAndEverythingElseIsInfo() throws Exception {
    List<Map<String, Object>> samples =
        ExpositionParsers.python(Http.get(url + "/metrics").body, false);
    assertEquals(0, number(samples, "kid/grand", "odd.int").compareTo(new BigDecimal("12")));
    assertEquals(0, number(samples, "kid/grand", "odd.fraction").compareTo(new BigDecimal("0.67")));
    assertEquals(0, number(samples, "kid/grand", "odd.exponent").compareTo(new BigDecimal("-300")));
    assertEquals("1e400", infoValue(samples, "kid/grand", "odd.huge"));
    assertEquals("NaN", infoValue(samples, "kid/grand", "odd.nan"));
    assertEquals("", infoValue(samples, "kid/grand", "odd.empty"));
  }

  @Test
  void keysThatOnlyDifferInPunctuationStayApart() throws Exception {
    List<Map<String, Object>> samples =
        ExpositionParsers.python(Http.get(url + "/metrics").body, false);
    assertEquals(0, number(samples, "kid", "a.b").compareTo(BigDecimal.ONE));
    assertEquals(0, number(samples, "kid", "a_b").compareTo(new BigDecimal("2")));
    assertEquals("yes", infoValue(samples, "kid", "9lives"));
  }

  @Test
  void longValuesAreCutTo128Characters() throws Exception {
    List<Map<String, Object>> samples =
        ExpositionParsers.python(Http.get(url + "/metrics").body, false);
    assertEquals("v".repeat(125) + "...", infoValue(samples, "kid/grand", "odd.long"));
  }

  @Test
  void everySeriesAppearsOnce() throws Exception {
    List<Map<String, Object>> samples =
        ExpositionParsers.python(Http.get(url + "/metrics").body, false);
    Set<String> series = new HashSet<>();
    for (Map<String, Object> s : samples) {
      assertTrue(series.add(s.get("name") + "" + s.get("labels")), "repeated: " + s);
    }
    assertTrue(series.size() > 3 * OddApp.VALUES.length, "samples: " + series.size());
  }

  @Test
  void everyKeyHasAnAge() throws Exception {
    List<Map<String, Object>> samples =
        ExpositionParsers.python(Http.get(url + "/metrics").body, false);
    BigDecimal age =
        (BigDecimal) sample(samples, "hermes_key_age_seconds", "kid/grand", "X").get("value");
    assertTrue(age.signum() >= 0 && age.compareTo(new BigDecimal(120)) < 0, "age " + age);
  }

  @Test
  void typePrometheusOnTheStatusPathIsTheSameExposition() throws Exception {
    Http.Response metrics = Http.get(url + "/?type=prometheus&prefix=kid/grand/odd.int");
    assertEquals("text/plain; version=0.0.4; charset=utf-8", metrics.contentType);
    assertTrue(
        metrics.body.contains("\nhermes_value{path=\"kid/grand\",key=\"odd.int\"} 12\n"),
        metrics.body);
    assertEquals(0, ExpositionParsers.promtool(metrics.body).exit);
  }

  private static String oddValue(String key) {
    for (int i = 0; i < OddApp.VALUES.length; i += 2) {
      if (OddApp.VALUES[i].equals(key)) {
        return OddApp.VALUES[i + 1];
      }
    }
    throw new AssertionError("no odd key " + key);
  }

  private static String infoValue(List<Map<String, Object>> samples, String path, String key) {
    return (String) labels(sample(samples, "hermes_status_info", path, key)).get("value");
  }

  private static BigDecimal number(List<Map<String, Object>> samples, String path, String key) {
    return (BigDecimal) sample(samples, "hermes_value", path, key).get("value");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> labels(Map<String, Object> sample) {
    return (Map<String, Object>) sample.get("labels");
  }

  private static Map<String, Object> sample(
      List<Map<String, Object>> samples, String name, String path, String key) {
    for (Map<String, Object> s : samples) {
      Map<String, Object> labels = labels(s);
      if (s.get("name").equals(name)
          && path.equals(labels.get("path"))
          && key.equals(labels.get("key"))) {
        return s;
      }
    }
    throw new AssertionError("no " + name + "{path=" + path + ",key=" + key + "} in " + samples);
  }
}
