package dev.hermes.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HermesTest {
  @AfterEach
  void cleanUp() {
    StatusStore.global().removePrefix("hermes_test");
  }

  @Test
  void worksWithoutTheAgent() {
    Hermes.report("hermes_test.status", "running");
    assertEquals("running", Hermes.get("hermes_test.status").orElseThrow());
    assertEquals("running", Hermes.snapshot("hermes_test").get("hermes_test.status").value());
  }

  @Test
  void keepsTheTtlItWasGiven() {
    Hermes.report("hermes_test.beat", "ok", Duration.ofSeconds(30));
    assertEquals(
        Duration.ofSeconds(30), Hermes.status("hermes_test.beat").orElseThrow().ttl().get());
  }

  @Test
  void rejectsZeroOrNegativeTtl() {
    assertThrows(
        IllegalArgumentException.class,
        () -> Hermes.report("hermes_test.beat", "ok", Duration.ZERO));
    assertThrows(
        IllegalArgumentException.class,
        () -> Hermes.report("hermes_test.beat", "ok", Duration.ofSeconds(-1)));
    assertTrue(Hermes.get("hermes_test.beat").isEmpty());
  }

  @Test
  void hugeTtlSaturatesInsteadOfOverflowing() {
    Hermes.report("hermes_test.forever", "x", Duration.ofDays(365L * 1_000_000));
    assertEquals("x", Hermes.get("hermes_test.forever").orElseThrow());
  }
}
