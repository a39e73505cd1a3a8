package dev.hermes.agent.tree;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hermes.agent.http.TreeRefusal;
import dev.hermes.api.StatusStore;
import dev.hermes.api.TestStores;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Joins a parent must not keep for ever (finding 4): checked whole before anything is recorded,
 * bounded when they come without a token, and gone when silent. On a store whose clock a test moves
 * by hand.
 */
class ChildJoinsTest {
  private final AtomicLong clock = new AtomicLong(1_000_000_000_000L);
  private final StatusStore store = TestStores.at(clock::get);
  private final ChildRegistry registry = new ChildRegistry(store, Duration.ofSeconds(1));

  private static String join(ChildRegistry registry, String name) throws TreeException {
    return registry
        .join(new JoinRequest(registry.expect(name), 1234, null, "x.Main", null))
        .session();
  }

  private static Update delta(Map<String, Update.Entry> set) {
    return new Update(false, set, List.of());
  }

  @Test
  void childrenJoinedByHandAreBoundedAndGoWhenSilent() throws Exception {
    // Each a process of its own (the same join twice is one child: see ChildIdempotenceTest).
    for (int i = 0; i < ChildRegistry.MAX_BY_HAND - 1; i++) {
      registry.join(new JoinRequest(null, 100 + i, "hand", null, "http://10.0.0.1:9091"));
    }
    String talker =
        registry.join(new JoinRequest(null, 1, "hand", null, "http://10.0.0.1:9091")).session();
    TreeException e =
        assertThrows(
            TreeException.class,
            () -> registry.join(new JoinRequest(null, 2, "hand", null, "http://10.0.0.1:9091")));
    assertEquals(503, TreeRefusal.status(e));
    assertEquals(ChildRegistry.MAX_BY_HAND, registry.names().size());
    String spawned = join(registry, "spawned"); // a token is not bounded by them

    // Silent for longer than 3 s and grace (1 s): they go, all but the one that talks.
    for (int s = 0; s < 5; s++) {
      clock.addAndGet(Duration.ofSeconds(1).toNanos());
      registry.update(talker, delta(Map.of()));
      registry.tick();
    }
    assertEquals(List.of("hand_64", "spawned"), registry.names());
    assertTrue(store.snapshot("hand/").isEmpty());
    assertEquals("not_answering", store.get("spawned/hermes.child.state").orElseThrow().value());
    assertEquals(
        403,
        TreeRefusal.status(
            assertThrows(
                TreeException.class,
                () -> registry.update("nope" + spawned.substring(4), delta(Map.of())))));
    registry.join(new JoinRequest(null, 1, "hand", null, "http://10.0.0.1:9091"));
  }

  // With a secret set only its holders may join: such children are bounded as every child is.
  @Test
  void childrenJoinedByHandWithASecretAreNotBoundedTo64() throws Exception {
    ChildRegistry trusted = new ChildRegistry(store, Duration.ofSeconds(1), 64L << 20, true);
    for (int i = 0; i < 3 * ChildRegistry.MAX_BY_HAND; i++) {
      trusted.join(new JoinRequest(null, 100 + i, "host", null, "http://10.0.0.1:9091"));
    }
    assertEquals(3 * ChildRegistry.MAX_BY_HAND, trusted.names().size());
  }

  // A supervisor on another host bound to its own loopback gives a loopback URL: its pid is not
  // one of this host's, and the end of a process here with that pid is not its exit.
  @Test
  void aChildFromAnotherHostIsNeverWatchedAsAProcessOfThisOne() throws Exception {
    Process sleeper = new ProcessBuilder("sleep", "60").start();
    Process other = new ProcessBuilder("sleep", "60").start();
    try {
      String url = "http://127.0.0.1:9091";
      registry.join(new JoinRequest(null, sleeper.pid(), "remote", null, url), false);
      registry.join(new JoinRequest(null, other.pid(), "local", null, url), true);
      sleeper.destroyForcibly().waitFor();
      other.destroyForcibly().waitFor();
      for (int i = 0; i < ChildRegistry.TICKS_PER_PROCESS_CHECK; i++) {
        registry.tick();
      }
      assertEquals("running", store.get("remote/hermes.child.state").orElseThrow().value());
      assertEquals("exited", store.get("local/hermes.child.state").orElseThrow().value());
    } finally {
      sleeper.destroyForcibly();
      other.destroyForcibly();
    }
  }

  @Test
  void joinsOutOfShapeAre400AndRecordNothing() {
    long own = ProcessHandle.current().pid();
    JoinRequest[] bad = {
      new JoinRequest(null, 0, "zero", null, null),
      new JoinRequest(null, own, "self", null, null),
      new JoinRequest(null, 7, "n".repeat(257), null, null),
      new JoinRequest(null, 7, "bad name", null, null),
      new JoinRequest(null, 7, null, "m".repeat(ChildRegistry.MAX_MAIN_LENGTH + 1), null),
      new JoinRequest(null, 7, "far", null, "u".repeat(ChildRegistry.MAX_URL_LENGTH + 1)),
      new JoinRequest(null, 7, "far", null, "ftp://127.0.0.1/"),
      new JoinRequest(null, 7, "far", null, "http://x/", "a".repeat(9000)),
      new JoinRequest(registry.expect("tok"), own, null, null, null)
    };
    for (JoinRequest r : bad) {
      TreeException e = assertThrows(TreeException.class, () -> registry.join(r));
      assertEquals(400, TreeRefusal.status(e));
      assertTrue(e.getMessage().startsWith("Invalid join: "), e.getMessage());
      assertTrue(e.getMessage().length() < 200, e.getMessage());
    }
    assertEquals(List.of("tok"), registry.names());
    assertEquals("starting", store.get("tok/hermes.child.state").orElseThrow().value());
  }

  @Test
  void aMainTooLongForANameGivesAShortOne() throws Exception {
    String main = "/opt/" + "d".repeat(300) + "/com.acme." + "W".repeat(3000);
    String name = registry.join(new JoinRequest(null, 7, null, main, null)).name();
    assertEquals("W".repeat(ChildNames.MAX_DERIVED_LENGTH), name);
  }

  @Test
  void onlyLiteralLoopbackAddressesAreThisHostAndNoNameIsLookedUp() {
    assertTrue(ChildRegistry.isLoopback(null));
    assertTrue(ChildRegistry.isLoopback("http://127.0.0.1:9091"));
    assertTrue(ChildRegistry.isLoopback("http://127.8.9.10:9091"));
    assertTrue(ChildRegistry.isLoopback("https://[::1]:9091"));
    assertTrue(ChildRegistry.isLoopback("http://localhost:9091"));
    assertFalse(ChildRegistry.isLoopback("http://10.1.2.3:9091"));
    assertFalse(ChildRegistry.isLoopback("http://some.host.invalid:9091"));
    assertFalse(ChildRegistry.isLoopback("not a url"));
  }
}
