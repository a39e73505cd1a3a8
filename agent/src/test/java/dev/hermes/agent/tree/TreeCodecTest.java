package dev.hermes.agent.tree;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hermes.agent.http.TreeRefusal;
import dev.hermes.api.Status;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class TreeCodecTest {
  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void updateRoundTripsValuesAgesAndTtls() throws Exception {
    long now = 50_000_000_000L;
    Map<String, Status> set = new TreeMap<>();
    set.put("status", new Status("line\n\"two\"", now - 5_000_000_000L, 30_000_000_000L));
    set.put("w/x", new Status("é", now, 0));
    Update u = TreeCodec.parseUpdate(TreeCodec.update(true, set, List.of("gone"), now));
    assertTrue(u.full);
    assertEquals("line\n\"two\"", u.set.get("status").value);
    assertEquals(5_000_000_000L, u.set.get("status").ageNanos);
    assertEquals(30_000_000_000L, u.set.get("status").ttlNanos);
    assertEquals("é", u.set.get("w/x").value);
    assertEquals(List.of("gone"), u.removed);
  }

  @Test
  void malformedUpdatesAre400() {
    for (String bad :
        new String[] {
          "",
          "[]",
          "{\"set\":[]}",
          "{\"set\":{\"k\":{\"age\":1}}}",
          "{\"set\":{\"k\":{\"value\":\"v\",\"age\":-1}}}",
          "{\"removed\":[1]}",
          "{\"set\":{",
          "[".repeat(5000)
        }) {
      TreeException e = assertThrows(TreeException.class, () -> TreeCodec.parseUpdate(utf8(bad)));
      assertEquals(400, TreeRefusal.status(e), bad);
    }
  }

  @Test
  void wronglyTypedKnownFieldsAre400() {
    for (String bad :
        new String[] {
          // A non-boolean full once stored q, dropped z and answered 200.
          "{\"full\":{\"set\":{\"q\":{\"value\":\"x\"}}},\"set\":{\"z\":{\"value\":\"y\"}}}",
          "{\"full\":\"true\"}",
          "{\"full\":1}",
          "{\"set\":{\"k\":{\"value\":\"v\",\"age\":\"1\"}}}",
          "{\"set\":{\"k\":{\"value\":\"v\",\"ttl\":[]}}}",
          "{\"set\":{\"k\":{\"value\":7}}}",
          "{\"removed\":\"k\"}"
        }) {
      TreeException e = assertThrows(TreeException.class, () -> TreeCodec.parseUpdate(utf8(bad)));
      assertEquals(400, TreeRefusal.status(e), bad);
    }
  }

  @Test
  void wronglyTypedJoinFieldsAre400() {
    for (String bad :
        new String[] {
          "{\"pid\":7,\"name\":{\"a\":1}}",
          "{\"pid\":7,\"token\":1}",
          "{\"pid\":7,\"main\":[\"x\"]}",
          "{\"pid\":\"7\"}",
          "{\"pid\":7.5}"
        }) {
      TreeException e = assertThrows(TreeException.class, () -> TreeCodec.parseJoin(utf8(bad)));
      assertEquals(400, TreeRefusal.status(e), bad);
    }
  }

  @Test
  void aFullPushIsWrittenInPartsUnderTheLimitAndReadBack() throws Exception {
    long now = 50_000_000_000L;
    List<Map.Entry<String, Status>> set = new java.util.ArrayList<>();
    for (int i = 0; i < 120; i++) {
      // Control characters: the worst case, six bytes each in JSON.
      set.add(Map.entry("k" + i, new Status("\u0001".repeat(8192), now, 0)));
    }
    Push push = new Push(true, set, List.of(), 2);
    java.util.Set<String> keys = new java.util.HashSet<>();
    int parts = 0;
    while (push.hasNext()) {
      byte[] body = push.next(now, -1, -1);
      assertTrue(body.length <= TreeCodec.MAX_BATCH_BYTES, body.length + " bytes");
      Update u = TreeCodec.parseUpdate(body);
      assertTrue(u.full);
      assertEquals(parts, u.part);
      assertEquals(!push.hasNext(), u.last);
      assertEquals(parts == 0 ? 2 : -1, u.withheld, "said in the first part");
      keys.addAll(u.set.keySet());
      parts++;
    }
    assertEquals(120, keys.size());
    assertTrue(parts > 5, parts + " parts");
  }

  @Test
  void anEmptyPushIsOneBody() throws Exception {
    Push heartbeat = new Push(false, List.of(), List.of(), -1);
    assertTrue(heartbeat.hasNext());
    Update u = TreeCodec.parseUpdate(heartbeat.next(0, -1, -1));
    assertFalse(heartbeat.hasNext());
    assertFalse(u.full);
    assertTrue(u.set.isEmpty() && u.removed.isEmpty());
    Push nothing = new Push(true, List.of(), List.of(), 0);
    Update all = TreeCodec.parseUpdate(nothing.next(0, -1, -1));
    assertTrue(all.full && all.last && all.part == 0);
  }

  @Test
  void aBatchSaysWhenItWasSentAndItsNumber() throws Exception {
    Push push = new Push(false, List.of(), List.of(), -1);
    byte[] body = push.next(0, 1_800_000_000_123L, 42);
    assertTrue(
        new String(body, StandardCharsets.UTF_8).endsWith(",\"sent\":1800000000123,\"seq\":42}"));
    Update u = TreeCodec.parseUpdate(body);
    assertEquals(1_800_000_000_123L, u.sentMillis);
    assertEquals(42, u.seq);
    Update old = TreeCodec.parseUpdate(utf8("{\"full\":false,\"set\":{}}"));
    assertEquals(-1, old.sentMillis);
    assertEquals(-1, old.seq);
    for (String bad : new String[] {"-1", "1.5", "\"1\"", "99999999999999999999"}) {
      assertThrows(
          TreeException.class,
          () -> TreeCodec.parseUpdate(utf8("{\"full\":false,\"set\":{},\"seq\":" + bad + "}")),
          bad);
    }
  }

  @Test
  void aFullPushWithoutPartsIsOnePartTheLast() throws Exception {
    Update u = TreeCodec.parseUpdate(utf8("{\"full\":true,\"set\":{}}"));
    assertTrue(u.full && u.last);
    assertEquals(0, u.part);
    assertEquals(-1, u.withheld);
    Update second = TreeCodec.parseUpdate(utf8("{\"full\":true,\"part\":1,\"last\":false}"));
    assertEquals(1, second.part);
    assertFalse(second.last);
  }

  @Test
  void partsOutsideAFullPushOrOutOfRangeAre400() {
    for (String bad :
        new String[] {
          "{\"part\":1}",
          "{\"full\":false,\"last\":true}",
          "{\"full\":true,\"part\":-1}",
          "{\"full\":true,\"part\":1.5}",
          "{\"full\":true,\"part\":99999999999}",
          "{\"full\":true,\"last\":\"yes\"}",
          "{\"withheld\":-1}"
        }) {
      TreeException e = assertThrows(TreeException.class, () -> TreeCodec.parseUpdate(utf8(bad)));
      assertEquals(400, TreeRefusal.status(e), bad);
    }
  }

  @Test
  void aJoinAnswerMustNameTheChildWithAKey() {
    assertThrows(
        java.io.IOException.class,
        () -> TreeCodec.parseJoinAnswer(utf8("{\"name\":\"a\\nb\",\"session\":\"s\"}")));
  }

  @Test
  void aParseErrorEchoesNoControlCharacter() {
    TreeException e =
        assertThrows(
            TreeException.class,
            () -> TreeCodec.parseUpdate(utf8("{\"full\":tru\u0007\u001b[2Je}")));
    assertEquals(400, TreeRefusal.status(e));
    assertTrue(e.getMessage().chars().noneMatch(c -> c < 0x20), e.getMessage());
  }

  @Test
  void unknownFieldsAreSkipped() throws Exception {
    Update u =
        TreeCodec.parseUpdate(
            utf8("{\"x\":{\"deep\":[1,{\"a\":2}]},\"set\":{\"k\":{\"value\":\"v\",\"y\":[]}}}"));
    assertEquals("v", u.set.get("k").value);
  }

  @Test
  void joinNeedsAPid() throws Exception {
    assertEquals(7, TreeCodec.parseJoin(utf8("{\"pid\":7,\"token\":\"t\"}")).pid);
    assertEquals(
        400,
        TreeRefusal.status(
            assertThrows(TreeException.class, () -> TreeCodec.parseJoin(utf8("{}")))));
  }

  @Test
  void joinAnswerRoundTripsAndNeedsBothFields() throws Exception {
    JoinAnswer answer = TreeCodec.parseJoinAnswer(TreeCodec.joinAnswer(new JoinAnswer("w1", "s")));
    assertEquals("w1", answer.name());
    assertEquals("s", answer.session());
    assertThrows(
        java.io.IOException.class, () -> TreeCodec.parseJoinAnswer(utf8("{\"name\":\"w1\"}")));
  }
}
