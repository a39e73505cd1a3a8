package dev.hermes.agent.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hermes.api.ProbeResult;
import dev.hermes.api.StatusStore;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProbeFileTest {
  private final StatusStore store = StatusStore.global();

  @Test
  void parsesEachKindWithItsOptions() {
    ProbeFile.Parsed p =
        ProbeFile.parse(
            String.join(
                "\n",
                "# comment",
                "",
                "web = http http://127.0.0.1:1/health?a=b every=5s timeout=2s status=200,204"
                    + " contains=\"status: UP\"",
                "api = http https://x.example/h method=HEAD json=/status equals=UP every=500ms",
                "db  = tcp 127.0.0.1:5432 every=10 timeout=1s",
                "heap = key jvm.memory.heap.used / jvm.memory.heap.max warning=>0.8"
                    + " critical=>=0.95",
                "w1 = key worker1/hermes.child.state critical=not:running"),
            store,
            null);
    assertEquals(List.of(), p.problems);
    assertEquals(List.of("web", "api", "db", "heap", "w1"), List.copyOf(p.probes.keySet()));
    assertEquals(Duration.ofSeconds(5), p.probes.get("web").every);
    assertEquals(Duration.ofMillis(500), p.probes.get("api").every);
    assertInstanceOf(HttpCheck.class, p.probes.get("web").check);
    assertInstanceOf(TcpCheck.class, p.probes.get("db").check);
    assertInstanceOf(KeyCheck.class, p.probes.get("heap").check);
    assertEquals(ProbeFile.DEFAULT_EVERY, p.probes.get("w1").every);
  }

  @Test
  void aLineInErrorIsSkippedAndNamedTheOthersLoad() {
    ProbeFile.Parsed p =
        ProbeFile.parse(
            String.join(
                "\n",
                "ok = tcp 127.0.0.1:1",
                "bad name = tcp 127.0.0.1:1",
                "x = ftp ftp://a",
                "y = tcp nowhere",
                "z = key a.b",
                "t = tcp 127.0.0.1:1 every=1s timeout=2s",
                "u = http http://a/ colour=red",
                "ok = tcp 127.0.0.1:2",
                "q = http http://a/ contains=\"open"),
            store,
            null);
    assertEquals(List.of("ok"), List.copyOf(p.probes.keySet()));
    assertEquals(8, p.problems.size(), p.problems.toString());
    assertTrue(p.problems.get(0).startsWith("line 2: "), p.problems.get(0));
    assertTrue(p.problems.get(1).contains("unknown kind [ftp]"), p.problems.get(1));
    assertTrue(p.problems.get(4).contains("timeout="), p.problems.get(4));
    assertTrue(p.problems.get(5).contains("unknown option [colour]"), p.problems.get(5));
    assertTrue(p.problems.get(6).contains("named twice"), p.problems.get(6));
  }

  @Test
  void wordsKeepQuotedBlanks() {
    assertEquals(
        List.of("a", "contains=x y \"z\"", "b"),
        dev.hermes.agent.support.Words.split(" a contains=\"x y \\\"z\\\"\" b"));
  }

  @Test
  void conditionsCompareNumbersAndMatchValues() {
    assertTrue(dev.hermes.agent.support.Condition.parse(">0.8").test("0.81"));
    assertEquals(false, dev.hermes.agent.support.Condition.parse(">0.8").test("0.8"));
    assertTrue(dev.hermes.agent.support.Condition.parse(">=0.8").test("0.8"));
    assertTrue(dev.hermes.agent.support.Condition.parse("<1").test("0"));
    assertTrue(dev.hermes.agent.support.Condition.parse("<=1").test("1"));
    assertNull(dev.hermes.agent.support.Condition.parse("<=1").test("many"));
    assertTrue(dev.hermes.agent.support.Condition.parse("is:failed,stopped").test("stopped"));
    assertTrue(dev.hermes.agent.support.Condition.parse("not:running").test("exited"));
    assertEquals(false, dev.hermes.agent.support.Condition.parse("not:running").test("running"));
    assertThrows(
        IllegalArgumentException.class, () -> dev.hermes.agent.support.Condition.parse("=3"));
    assertThrows(
        IllegalArgumentException.class, () -> dev.hermes.agent.support.Condition.parse(">x"));
  }

  @Test
  void aKeyCrossesWarningThenCriticalThenBack() {
    StatusStore local = StatusStore.global();
    KeyCheck check =
        (KeyCheck)
            ProbeFile.parseLine("q = key test.queue.depth warning=>10 critical=>100", local, null)
                .check;
    assertEquals(ProbeResult.Level.UNKNOWN, check.check().level());
    local.report("test.queue.depth", "5", 0);
    assertEquals(ProbeResult.Level.OK, check.check().level());
    assertEquals("5", check.check().value());
    local.report("test.queue.depth", "11", 0);
    assertEquals(ProbeResult.Level.WARNING, check.check().level());
    local.report("test.queue.depth", "101", 0);
    ProbeResult critical = check.check();
    assertEquals(ProbeResult.Level.CRITICAL, critical.level());
    assertEquals("test.queue.depth = 101 (critical: >100)", critical.message());
    local.report("test.queue.depth", "3", 0);
    assertEquals(ProbeResult.Level.OK, check.check().level());
    local.report("test.queue.depth", "lots", 0);
    assertEquals(ProbeResult.Level.UNKNOWN, check.check().level());
    local.remove("test.queue.depth");
  }

  @Test
  void aRatioOfTwoKeys() {
    StatusStore local = StatusStore.global();
    KeyCheck check =
        (KeyCheck)
            ProbeFile.parseLine(
                    "r = key test.used / test.max warning=>0.5 critical=>0.9", local, null)
                .check;
    local.report("test.used", "30", 0);
    assertEquals(ProbeResult.Level.UNKNOWN, check.check().level());
    local.report("test.max", "100", 0);
    assertEquals("0.3", check.check().value());
    local.report("test.used", "95", 0);
    assertEquals(ProbeResult.Level.CRITICAL, check.check().level());
    local.report("test.max", "0", 0);
    assertEquals(ProbeResult.Level.UNKNOWN, check.check().level());
    local.remove("test.used");
    local.remove("test.max");
  }
}
