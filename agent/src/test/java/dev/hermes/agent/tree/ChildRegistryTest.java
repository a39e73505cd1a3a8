package dev.hermes.agent.tree;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hermes.agent.http.TreeRefusal;
import dev.hermes.api.StatusStore;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ChildRegistryTest {
  private final StatusStore store = StatusStore.global();
  private final ChildRegistry registry = new ChildRegistry(store, java.time.Duration.ZERO);

  @AfterEach
  void cleanUp() {
    for (String name : registry.names()) {
      store.removePrefix(name + "/");
    }
  }

  private JoinAnswer joinAs(String name) throws TreeException {
    return registry.join(new JoinRequest(registry.expect(name), 123, null, "x.Main", null));
  }

  private static Update set(String key, String value) {
    return new Update(false, Map.of(key, new Update.Entry(value, 0, 0)), List.of());
  }

  @Test
  void tokenJoinsOnceAndOnlyOnce() throws Exception {
    String token = registry.expect("crt_once");
    registry.join(new JoinRequest(token, 1, null, null, null));
    TreeException e =
        assertThrows(
            TreeException.class, () -> registry.join(new JoinRequest(token, 2, null, null, null)));
    assertEquals(403, TreeRefusal.status(e));
    assertThrows(
        TreeException.class, () -> registry.join(new JoinRequest("forged", 2, null, null, null)));
  }

  @Test
  void joinedChildIsRunningWithItsPid() throws Exception {
    joinAs("crt_pid");
    assertEquals("running", store.get("crt_pid/hermes.child.state").orElseThrow().value());
    assertEquals("123", store.get("crt_pid/hermes.child.pid").orElseThrow().value());
  }

  @Test
  void updatesLandUnderTheChildsName() throws Exception {
    String session = joinAs("crt_upd").session();
    registry.update(session, set("sub/status", "up"));
    assertEquals("up", store.get("crt_upd/sub/status").orElseThrow().value());
  }

  @Test
  void batchWithOneBadKeyChangesNothing() throws Exception {
    String session = joinAs("crt_bad").session();
    registry.update(session, set("status", "up"));
    Update bad =
        new Update(
            false,
            Map.of(
                "status", new Update.Entry("down", 0, 0), "bad key", new Update.Entry("x", 0, 0)),
            List.of());
    assertEquals(
        400,
        TreeRefusal.status(assertThrows(TreeException.class, () -> registry.update(session, bad))));
    assertEquals("up", store.get("crt_bad/status").orElseThrow().value());
  }

  @Test
  void overlongValueIsA400AndChangesNothing() throws Exception {
    String session = joinAs("crt_long").session();
    registry.update(session, set("note", "short"));
    String huge = "x".repeat(StatusStore.MAX_VALUE_LENGTH + 1);
    assertEquals(
        400,
        TreeRefusal.status(
            assertThrows(TreeException.class, () -> registry.update(session, set("note", huge)))));
    assertEquals("short", store.get("crt_long/note").orElseThrow().value());
  }

  @Test
  void aKeyValidInTheChildIsStoredUnderItsName() throws Exception {
    // 252 characters: valid in the child, 257 with "Node/" in front. It failed mid-batch (500),
    // leaving the keys sorted before it applied and the rest not.
    String session = joinAs("Node").session();
    String longKey = "k".repeat(252);
    Map<String, Update.Entry> batch = new java.util.TreeMap<>();
    batch.put("a", new Update.Entry("1", 0, 0));
    batch.put(longKey, new Update.Entry("long", 0, 0));
    batch.put("z", new Update.Entry("2", 0, 0));
    registry.update(session, new Update(false, batch, List.of()));
    assertEquals("long", store.get("Node/" + longKey).orElseThrow().value());
    assertEquals("2", store.get("Node/z").orElseThrow().value());
  }

  @Test
  void aPathTooLongAtThisParentIsA400NamingItAndChangesNothing() throws Exception {
    String session = joinAs("crt_deep").session();
    registry.update(session, set("z", "before"));
    String segment = "s".repeat(256);
    // 1,020 characters, valid in the child; 1,029 with "crt_deep/" in front.
    String deep = segment + "/" + segment + "/" + segment + "/" + "k".repeat(249);
    Map<String, Update.Entry> batch = new java.util.TreeMap<>();
    batch.put("a", new Update.Entry("1", 0, 0));
    batch.put(deep, new Update.Entry("deep", 0, 0));
    batch.put("z", new Update.Entry("after", 0, 0));
    TreeException e =
        assertThrows(
            TreeException.class,
            () -> registry.update(session, new Update(false, batch, List.of())));
    assertEquals(400, TreeRefusal.status(e));
    assertTrue(
        e.getMessage().startsWith("Invalid key [" + "s".repeat(Excerpt.MAX_CHARS) + "... (1020"),
        e.getMessage());
    assertTrue(e.getMessage().contains("crt_deep/"), e.getMessage());
    assertTrue(store.get("crt_deep/a").isEmpty());
    assertEquals("before", store.get("crt_deep/z").orElseThrow().value());
  }

  @Test
  void childCannotWriteTheParentsReservedKeys() throws Exception {
    String session = joinAs("crt_res").session();
    assertThrows(
        TreeException.class, () -> registry.update(session, set("hermes.child.state", "fine")));
    assertEquals("running", store.get("crt_res/hermes.child.state").orElseThrow().value());
  }

  @Test
  void fullUpdateReplacesEverythingButTheReservedKeys() throws Exception {
    String session = joinAs("crt_full").session();
    registry.update(session, set("old", "1"));
    registry.update(
        session, new Update(true, Map.of("new", new Update.Entry("2", 0, 0)), List.of()));
    assertTrue(store.get("crt_full/old").isEmpty());
    assertEquals("2", store.get("crt_full/new").orElseThrow().value());
    assertEquals("running", store.get("crt_full/hermes.child.state").orElseThrow().value());
  }

  @Test
  void batchBeyondTheKeyLimitIsRefusedAndChangesNothing() throws Exception {
    String session = joinAs("crt_many").session();
    registry.update(session, set("kept", "yes"));
    Map<String, Update.Entry> many = new java.util.HashMap<>();
    for (int i = 0; i < ChildRegistry.MAX_KEYS_PER_CHILD; i++) {
      many.put("k" + i, new Update.Entry("v", 0, 0));
    }
    TreeException e =
        assertThrows(
            TreeException.class,
            () -> registry.update(session, new Update(false, many, List.of())));
    assertEquals(400, TreeRefusal.status(e));
    assertTrue(e.getMessage().startsWith("Too many keys: child crt_many would have"));
    assertTrue(store.get("crt_many/k1").isEmpty());
    assertEquals("yes", store.get("crt_many/kept").orElseThrow().value());
  }

  @Test
  void toolProcessThatNeverJoinedIsForgottenOnceGone() throws Exception {
    String token = registry.expect("crt_tool");
    Process tool = new ProcessBuilder("true").start();
    registry.started(token, tool);
    tool.onExit().get(10, java.util.concurrent.TimeUnit.SECONDS);
    for (int i = 0;
        i < 100
            && store
                .get("crt_tool/hermes.child.state")
                .map(s -> !s.value().equals("exited"))
                .orElse(true);
        i++) {
      Thread.sleep(20); // onExit callbacks run on the JDK's reaper thread
    }
    assertEquals("exited", store.get("crt_tool/hermes.child.state").orElseThrow().value());
    registry.tick();
    assertTrue(registry.names().stream().noneMatch(n -> n.equals("crt_tool")));
    assertTrue(store.snapshot("crt_tool/").isEmpty());
  }

  @Test
  void unknownSessionIsRefused() {
    assertEquals(
        403,
        TreeRefusal.status(
            assertThrows(TreeException.class, () -> registry.update("nope", set("a", "b")))));
  }

  @Test
  void handStartedChildIsNamedForItsMainAndMadeUnique() throws Exception {
    String first = registry.join(new JoinRequest(null, 1, null, "com.x.CrtHand", null)).name();
    String second = registry.join(new JoinRequest(null, 2, null, "com.x.CrtHand", null)).name();
    assertEquals("CrtHand", first);
    assertEquals("CrtHand_2", second);
  }

  @Test
  void refusalsSayWhy() throws Exception {
    String token = registry.expect("crt_why");
    String session = registry.join(new JoinRequest(token, 1, null, null, null)).session();
    // The token again from another process (the same join twice is one child:
    // ChildIdempotenceTest).
    JoinRequest again = new JoinRequest(token, 2, null, null, null);
    assertEquals(
        TreeException.Reason.UNKNOWN_TOKEN,
        assertThrows(TreeException.class, () -> registry.join(again)).reason());
    assertEquals(
        TreeException.Reason.UNKNOWN_SESSION,
        assertThrows(TreeException.class, () -> registry.update("nope", set("a", "b"))).reason());
    assertEquals(
        TreeException.Reason.INVALID,
        assertThrows(TreeException.class, () -> registry.update(session, set("bad key", "b")))
            .reason());
  }

  @Test
  void ipv4LiteralsAreFourGroupsOfUpToThreeDigits() {
    for (String yes : List.of("127.0.0.1", "10.0.0.255", "999.1.1.1", "0.0.0.0")) {
      assertTrue(ChildRegistry.isIpv4Literal(yes), yes);
    }
    for (String no :
        List.of(
            "",
            "localhost",
            "127.0.0",
            "127.0.0.1.",
            ".127.0.0.1",
            "127..0.1",
            "1270.0.0.1",
            "127.0.0.1.5",
            "127.0.0.a",
            "::1",
            "[::1]")) {
      assertTrue(!ChildRegistry.isIpv4Literal(no), no);
    }
  }
}
