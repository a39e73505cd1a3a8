package dev.hermes.jmx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CpuWindowTest {
  private static final long SECOND = 1_000_000_000L;
  private final CpuWindow window = new CpuWindow(5 * SECOND);

  @Test
  void isUnknownUntilReadingsSpanAMinute() {
    for (int s = 0; s <= 50; s += 5) {
      window.add(s * SECOND, s * SECOND, 0.5);
    }

    assertTrue(Double.isNaN(window.processPercent(1)));
    assertTrue(Double.isNaN(window.systemPercent()));
  }

  @Test
  void dividesCpuTimeByWallTimeAndProcessors() {
    // Half a CPU second per wall second on 2 processors: a quarter of the machine.
    for (int s = 0; s <= 60; s += 5) {
      window.add(s * SECOND, s * SECOND / 2, -1);
    }

    assertEquals(25.0, window.processPercent(2), 1e-9);
  }

  @Test
  void forgetsReadingsOlderThanTheWindow() {
    window.add(0, 0, -1);
    window.add(5 * SECOND, 5 * SECOND, -1); // busy first 5 s, then idle
    for (int s = 10; s <= 70; s += 5) {
      window.add(s * SECOND, 5 * SECOND, -1);
    }

    assertEquals(0.0, window.processPercent(1), 1e-9);
  }

  @Test
  void weighsSystemLoadByTheTimeEachReadingCovers() {
    window.add(0, -1, -1);
    window.add(40 * SECOND, -1, 0.25);
    window.add(60 * SECOND, -1, 1.0);

    assertEquals(50.0, window.systemPercent(), 1e-9);
  }

  @Test
  void leavesUnknownLoadReadingsOutOfTheMean() {
    window.add(0, -1, -1);
    window.add(30 * SECOND, -1, -1);
    window.add(60 * SECOND, -1, 0.4);

    assertEquals(40.0, window.systemPercent(), 1e-9);
  }

  @Test
  void isUnknownWhenProcessCpuTimeIsUnknown() {
    window.add(0, -1, -1);
    window.add(60 * SECOND, -1, -1);

    assertTrue(Double.isNaN(window.processPercent(1)));
  }
}
