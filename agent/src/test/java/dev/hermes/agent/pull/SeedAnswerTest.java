package dev.hermes.agent.pull;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SeedAnswerTest {
  private static SeedAnswer read(String json) throws IOException {
    return SeedAnswer.read(
        new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "c3", 100);
  }

  @Test
  void theSeedsShapeWithFractionalAgesNoTtlAndAKeyWithASpace() throws Exception {
    SeedAnswer a =
        read(
            "{\"load\": {\"value\": \"0.5\", \"age\": 1.25, \"ttl\": 30.5},"
                + " \"queue depth\": {\"value\": 7, \"age\": 0.001},"
                + " \"up\": {\"value\": true, \"extra\": [1, {\"x\": 2}]}}");
    assertEquals(3, a.keys.size());
    assertEquals(1_250_000_000L, a.keys.get("load").ageNanos());
    assertEquals(30_500_000_000L, a.keys.get("load").ttlNanos());
    assertEquals("7", a.keys.get("queue_depth").value());
    assertEquals(0, a.keys.get("queue_depth").ttlNanos());
    assertEquals("true", a.keys.get("up").value());
    assertEquals(1, a.renamed);
    assertEquals(0, a.skipped);
    assertTrue(a.example.contains("[queue depth] stored as queue_depth"), a.example);
  }

  @Test
  void keysThatCannotBeKeysAreSkippedNotTheAnswer() throws Exception {
    SeedAnswer a =
        read(
            "{\"hermes.child.state\": {\"value\": \"x\"}, \"a b\": {\"value\": \"1\"},"
                + " \"a_b\": {\"value\": \"2\"}, \"novalue\": {\"age\": 1}, \"bare\": 3,"
                + " \"ok\": {\"value\": \"y\"}}");
    assertEquals(java.util.Set.of("a_b", "ok"), a.keys.keySet());
    assertEquals(4, a.skipped);
  }

  @Test
  void theRule() {
    assertEquals("queue_depth", SeedAnswer.sanitise("queue depth"));
    assertEquals("a/b_", SeedAnswer.sanitise("a//b."));
    assertEquals("_x_", SeedAnswer.sanitise(".x."));
    assertEquals("caf_", SeedAnswer.sanitise("café"));
    assertEquals("w1/hermes.child.state", SeedAnswer.sanitise("w1/hermes.child.state"));
  }

  @Test
  void notJsonAndTooManyKeysFail() {
    assertTrue(
        assertThrows(SeedAnswer.NotSeedJson.class, () -> read("<html>"))
            .getMessage()
            .startsWith("not JSON"));
    assertThrows(SeedAnswer.NotSeedJson.class, () -> read("[1]"));
    assertThrows(SeedAnswer.NotSeedJson.class, () -> read("{\"a\": {\"value\": \"1\"}"));
    StringBuilder many = new StringBuilder("{");
    for (int i = 0; i < 101; i++) {
      many.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":{\"value\":\"v\"}");
    }
    assertThrows(TooLarge.class, () -> read(many + "}"));
  }

  @Test
  void anAnswerBeyondTheBudgetIsCutOffWhereItPassesIt() {
    long[] served = {0};
    InputStream endless =
        new InputStream() {
          @Override
          public int read() {
            served[0]++;
            return ' ';
          }

          @Override
          public int read(byte[] b, int off, int len) {
            java.util.Arrays.fill(b, off, off + len, (byte) ' ');
            served[0] += len;
            return len;
          }
        };
    Bounded in = new Bounded(endless, 1 << 20, System.nanoTime() + 60_000_000_000L, "timeout");
    TooLarge e = assertThrows(TooLarge.class, () -> SeedAnswer.read(in, "c3", 100));
    assertEquals("answer too large: cut off at 1 MiB", e.getMessage());
    assertTrue(served[0] <= (1 << 20) + 1, "read " + served[0]);
  }
}
