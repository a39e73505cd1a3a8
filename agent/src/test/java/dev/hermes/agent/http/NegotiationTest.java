package dev.hermes.agent.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which {@link Format} a status route answers in, by {@code type=} and Accept. */
class NegotiationTest {
  private static final List<String> OPENMETRICS_FIRST =
      List.of("application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5");

  @Test
  void statusTypeComesFirstAndDefaultsToText() {
    assertEquals(Format.TEXT, Negotiation.STATUS.choose(Map.of(), OPENMETRICS_FIRST));
    assertEquals(Format.TEXT, Negotiation.STATUS.choose(Map.of("type", "text"), null));
    assertEquals(Format.JSON, Negotiation.STATUS.choose(Map.of("type", "json"), OPENMETRICS_FIRST));
  }

  @Test
  void acceptOfJsonChoosesJsonWhereNoTypeIsGiven() {
    assertEquals(Format.JSON, Negotiation.STATUS.choose(Map.of(), List.of("application/json")));
    assertEquals(
        Format.JSON,
        Negotiation.STATUS.choose(Map.of(), List.of("application/json, text/plain;q=0.5")));
    assertEquals(
        Format.TEXT,
        Negotiation.STATUS.choose(Map.of(), List.of("text/html,application/json;q=0.9,*/*")));
    assertEquals(
        Format.TEXT,
        Negotiation.STATUS.choose(Map.of("type", "text"), List.of("application/json")));
    assertEquals(
        Format.PROMETHEUS, Negotiation.METRICS.choose(Map.of(), List.of("application/json")));
  }

  @Test
  void prometheusTypeAsksAccept() {
    Map<String, String> prometheus = Map.of("type", "prometheus");
    assertEquals(Format.PROMETHEUS, Negotiation.STATUS.choose(prometheus, null));
    assertEquals(Format.OPENMETRICS, Negotiation.STATUS.choose(prometheus, OPENMETRICS_FIRST));
  }

  @Test
  void unknownTypeChoosesNothing() {
    assertNull(Negotiation.STATUS.choose(Map.of("type", "JSON"), null));
    assertNull(Negotiation.STATUS.choose(Map.of("type", ""), null));
  }

  @Test
  void metricsIgnoresTypeAndAsksAccept() {
    assertEquals(Format.PROMETHEUS, Negotiation.METRICS.choose(Map.of("type", "json"), null));
    assertEquals(Format.OPENMETRICS, Negotiation.METRICS.choose(Map.of(), OPENMETRICS_FIRST));
  }

  @Test
  void formatsCarryTheirContentTypes() {
    assertEquals("text/plain; charset=utf-8", Format.TEXT.contentType);
    assertEquals("application/json; charset=utf-8", Format.JSON.contentType);
    assertEquals("text/plain; version=0.0.4; charset=utf-8", Format.PROMETHEUS.contentType);
    assertEquals(
        "application/openmetrics-text; version=1.0.0; charset=utf-8",
        Format.OPENMETRICS.contentType);
  }
}
