package dev.hermes.agent.tree;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ChildHistoryTest {
  private static final long S = 1_000_000_000L;

  @Test
  void reasonsReadSignalsFromCodesAbove128OnUnixOnly() {
    assertEquals("exit 3", ChildHistory.reason(3, true));
    assertEquals("exit 0", ChildHistory.reason(0, true));
    assertEquals("exit 128", ChildHistory.reason(128, true));
    assertEquals("signal 9 (SIGKILL)", ChildHistory.reason(137, true));
    assertEquals("signal 15 (SIGTERM)", ChildHistory.reason(143, true));
    assertEquals("signal 10", ChildHistory.reason(138, true), "numbered differently by OS");
    assertEquals("exit 255", ChildHistory.reason(255, true));
    assertEquals("exit -1", ChildHistory.reason(-1, true));
    assertEquals("exit 137", ChildHistory.reason(137, false));
  }

  private static ChildHistory restart(ChildHistory before, String code, long now) {
    return ChildHistory.after(before, code, "x", "t", now);
  }

  @Test
  void threeFailedRestartsWithinAMinuteAreACrashLoopUntilTheOldestIsAMinuteOld() {
    ChildHistory h = new ChildHistory();
    h = restart(h, "137", 100 * S);
    h = restart(h, "1", 120 * S);
    assertFalse(h.crashLoop(121 * S), "two restarts");
    h = restart(h, "1", 150 * S);
    assertEquals(3, h.restarts);
    assertTrue(h.crashLoop(150 * S));
    assertTrue(h.crashLoop(159 * S));
    assertFalse(h.crashLoop(160 * S), "the first of the three is a minute old");
    h = restart(h, "1", 161 * S);
    assertTrue(h.crashLoop(161 * S), "the last three: 120, 150, 161");
  }

  @Test
  void aCleanExitBreaksTheRun() {
    ChildHistory h = new ChildHistory();
    h = restart(h, "1", 1 * S);
    h = restart(h, "1", 2 * S);
    h = restart(h, "0", 3 * S);
    h = restart(h, "1", 4 * S);
    assertEquals(4, h.restarts);
    assertFalse(h.crashLoop(4 * S));
    h = restart(h, null, 5 * S); // an unknown exit is a failure
    h = restart(h, "2", 6 * S);
    assertTrue(h.crashLoop(6 * S));
  }

  @Test
  void theLastExitIsTheOneBefore() {
    ChildHistory h = ChildHistory.after(new ChildHistory(), "137", "signal 9 (SIGKILL)", "T1", S);
    h = ChildHistory.after(h, "3", "exit 3", "T2", 2 * S);
    assertEquals("3", h.lastExitCode);
    assertEquals("exit 3", h.lastExitReason);
    assertEquals("T2", h.lastExitTime);
    assertEquals(2, h.restarts);
  }
}
