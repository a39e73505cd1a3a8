package dev.hermes.agent.http;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class MetricsNegotiationTest {
  @Test
  void prometheusScrapeHeaderGetsOpenMetrics() {
    assertTrue(
        Negotiation.prefersOpenMetrics(
            List.of(
                "application/openmetrics-text;version=1.0.0,application/openmetrics-text;"
                    + "version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1")));
  }

  @Test
  void noAcceptHeaderGetsText() {
    assertFalse(Negotiation.prefersOpenMetrics(null));
    assertFalse(Negotiation.prefersOpenMetrics(List.of("*/*")));
  }

  @Test
  void textRankedHigherGetsText() {
    assertFalse(
        Negotiation.prefersOpenMetrics(
            List.of("text/plain;version=0.0.4, application/openmetrics-text; q=0.5")));
  }

  @Test
  void unknownOpenMetricsVersionGetsText() {
    assertFalse(
        Negotiation.prefersOpenMetrics(List.of("application/openmetrics-text;version=2.0.0")));
  }

  @Test
  void zeroQualityRefusesOpenMetrics() {
    assertFalse(Negotiation.prefersOpenMetrics(List.of("application/openmetrics-text;q=0")));
  }
}
