package dev.hermes.agent.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hermes.api.Status;
import java.nio.charset.StandardCharsets;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class PrometheusRendererTest {
  private static final long S = 1_000_000_000L;

  private static String render(boolean openMetrics, String... keysAndValues) {
    SortedMap<String, Status> snapshot = new TreeMap<>();
    long now = 100 * S;
    for (int i = 0; i < keysAndValues.length; i += 2) {
      snapshot.put(keysAndValues[i], new Status(keysAndValues[i + 1], now - 2 * S, 0));
    }
    return new String(
        PrometheusRenderer.render(StatusView.of(snapshot, now), openMetrics),
        StandardCharsets.UTF_8);
  }

  @Test
  void textFormatHasThreeFamiliesWithPathAndKeyLabels() {
    assertEquals(
        "# HELP hermes_value Status values that are finite decimal numbers, by child path and"
            + " key.\n"
            + "# TYPE hermes_value gauge\n"
            + "hermes_value{path=\"worker1/fetcher\",key=\"fetched\"} 12\n"
            + "# HELP hermes_status_info Status values that are not numbers: the value is a label,"
            + " cut at 128 characters.\n"
            + "# TYPE hermes_status_info gauge\n"
            + "hermes_status_info{path=\"\",key=\"status\",value=\"running\"} 1\n"
            + "# HELP hermes_key_age_seconds Seconds since each key was last set, as its own"
            + " process saw it.\n"
            + "# TYPE hermes_key_age_seconds gauge\n"
            + "hermes_key_age_seconds{path=\"\",key=\"status\"} 2\n"
            + "hermes_key_age_seconds{path=\"worker1/fetcher\",key=\"fetched\"} 2\n",
        render(false, "status", "running", "worker1/fetcher/fetched", "12"));
  }

  @Test
  void openMetricsUsesTheInfoTypeAUnitAndEndsWithEof() {
    String out = render(true, "status", "running");
    assertTrue(out.contains("# TYPE hermes_status info\n"), out);
    assertTrue(out.contains("hermes_status_info{path=\"\",key=\"status\",value=\"running\"} 1\n"));
    assertTrue(out.contains("# UNIT hermes_key_age_seconds seconds\n"), out);
    assertTrue(out.endsWith("\n# EOF\n"), out);
  }

  @Test
  void childrenAreAStateSetInOpenMetricsWithUpRestartsAndCrashLoops() {
    String out =
        render(
            true,
            "w1/hermes.child.state",
            "running",
            "w1/hermes.child.restarts",
            "3",
            "w1/hermes.child.crash_loop",
            "true",
            "w1/g/hermes.child.state",
            "exited",
            "w1/g/hermes.child.restarts",
            "0");
    String states =
        "# TYPE hermes_child_state stateset\n"
            + "hermes_child_state{path=\"w1/g\",hermes_child_state=\"starting\"} 0\n"
            + "hermes_child_state{path=\"w1/g\",hermes_child_state=\"running\"} 0\n"
            + "hermes_child_state{path=\"w1/g\",hermes_child_state=\"not_answering\"} 0\n"
            + "hermes_child_state{path=\"w1/g\",hermes_child_state=\"not_joined\"} 0\n"
            + "hermes_child_state{path=\"w1/g\",hermes_child_state=\"exited\"} 1\n"
            + "hermes_child_state{path=\"w1\",hermes_child_state=\"starting\"} 0\n"
            + "hermes_child_state{path=\"w1\",hermes_child_state=\"running\"} 1\n";
    assertTrue(out.contains(states), out);
    assertTrue(
        out.contains(
            "# TYPE hermes_child_up gauge\n"
                + "hermes_child_up{path=\"w1/g\"} 0\n"
                + "hermes_child_up{path=\"w1\"} 1\n"),
        out);
    assertTrue(
        out.contains(
            "hermes_child_restarts{path=\"w1/g\"} 0\nhermes_child_restarts{path=\"w1\"} 3\n"),
        out);
    assertTrue(
        out.contains(
            "hermes_child_crash_loop{path=\"w1/g\"} 0\n"
                + "hermes_child_crash_loop{path=\"w1\"} 1\n"
                + "# EOF\n"),
        out);
  }

  @Test
  void theTextFormatGivesTheStatesAsAGauge() {
    String out = render(false, "w1/hermes.child.state", "not_joined");
    assertTrue(out.contains("# TYPE hermes_child_state gauge\n"), out);
    assertTrue(
        out.contains("hermes_child_state{path=\"w1\",hermes_child_state=\"not_joined\"} 1\n"), out);
    assertTrue(out.contains("hermes_child_up{path=\"w1\"} 1\n"), out);
    assertTrue(!out.contains("stateset"), out);
  }

  @Test
  void aJvmWithoutChildrenHasNoChildFamilies() {
    String out = render(true, "status", "running", "w1/fetched", "3");
    assertTrue(!out.contains("hermes_child_"), out);
  }

  @Test
  void finiteDecimalsAreNumbers() {
    assertEquals("12", PrometheusRenderer.number("12"));
    assertEquals("0.67", PrometheusRenderer.number("0.67"));
    assertEquals("-300", PrometheusRenderer.number("-3e2"));
    assertEquals("5", PrometheusRenderer.number("+5"));
    assertEquals("0.5", PrometheusRenderer.number(".5"));
    assertEquals("7", PrometheusRenderer.number("007"));
    assertEquals("1.2345678901234568e16", PrometheusRenderer.number("12345678901234567"));
  }

  @Test
  void everythingElseIsNotANumber() {
    for (String s :
        new String[] {
          "", " 12", "12 ", "NaN", "Infinity", "1e400", "0x10", "1d", "1f", "1,5", "-"
        }) {
      assertNull(PrometheusRenderer.number(s), s);
    }
  }

  @Test
  void labelValuesEscapeBackslashQuoteAndLineFeedOnly() {
    assertEquals(
        "a\\\\b \\\"q\\\" x\\ny\r\t\u0000 é \uD834\uDD1E",
        PrometheusRenderer.escapeLabel("a\\b \"q\" x\ny\r\t\u0000 é \uD834\uDD1E"));
  }

  @Test
  void longValuesAreCutTo128CharactersEndingInDots() {
    String cut = PrometheusRenderer.truncate("x".repeat(300));
    assertEquals(128, cut.length());
    assertTrue(cut.endsWith("x..."));
    assertEquals("y".repeat(128), PrometheusRenderer.truncate("y".repeat(128)));
  }

  @Test
  void cuttingNeverSplitsASurrogatePair() {
    String value = "x".repeat(124) + "\uD834\uDD1E" + "z".repeat(10);
    assertEquals("x".repeat(124) + "...", PrometheusRenderer.truncate(value));
  }

  @Test
  void keysThatDifferOnlyByDotOrUnderscoreStayDistinct() {
    String out = render(false, "a.b", "1", "a_b", "2");
    assertTrue(out.contains("hermes_value{path=\"\",key=\"a.b\"} 1\n"), out);
    assertTrue(out.contains("hermes_value{path=\"\",key=\"a_b\"} 2\n"), out);
  }
}
