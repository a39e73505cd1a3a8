package dev.hermes.agent.tree;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
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
 * A join sent again because its answer was lost gets the same record (issue 11: ghosts), and a
 * batch delivered after a newer one is refused, not applied over it.
 */
class ChildIdempotenceTest {
  private final AtomicLong clock = new AtomicLong(1_000_000_000_000L);
  private final StatusStore store = TestStores.at(clock::get);
  private final ChildRegistry registry = new ChildRegistry(store, Duration.ofSeconds(1));

  private static Update delta(long seq, String key, String value) {
    return new Update(
        false, 0, true, Map.of(key, new Update.Entry(value, 0, 0)), List.of(), -1, -1, seq);
  }

  // Regression (issue 11, ghosts): the retried join was a second child, c0042_2, and the first
  // stayed as a ghost, not_answering for as long as the pid lived.
  @Test
  void aJoinWithoutTokenSentAgainIsTheSameChild() throws Exception {
    JoinRequest join = new JoinRequest(null, 4242, "c0042", "sim.Child", null);
    JoinAnswer first = registry.join(join);
    JoinAnswer again = registry.join(new JoinRequest(null, 4242, "c0042", "sim.Child", null));
    assertEquals("c0042", again.name());
    assertEquals(first.session(), again.session());
    assertEquals(List.of("c0042"), registry.names());

    registry.update(again.session(), delta(1, "k", "v"));
    assertEquals("v", store.get("c0042/k").orElseThrow().value());
    // Once it has sent a batch, the same join is another process's claim: a child of its own.
    JoinAnswer other = registry.join(join);
    assertEquals("c0042_2", other.name());
    assertNotEquals(first.session(), other.session());
  }

  // Regression (issue 11): a spawned child whose join answer timed out tried again with its token
  // and was refused (403, "already used"): its status stayed local for good.
  @Test
  void aJoinByTokenSentAgainIsTheSameChild() throws Exception {
    String token = registry.expect("worker1");
    JoinAnswer first = registry.join(new JoinRequest(token, 777, null, "x.Main", null));
    JoinAnswer again = registry.join(new JoinRequest(token, 777, null, "x.Main", null));
    assertEquals(first.name(), again.name());
    assertEquals(first.session(), again.session());
    assertEquals(List.of("worker1"), registry.names());
    // The token from another pid is refused, as is the token again once the child has spoken.
    assertEquals(
        403,
        TreeRefusal.status(
            assertThrows(
                TreeException.class,
                () -> registry.join(new JoinRequest(token, 778, null, "x.Main", null)))));
    registry.update(first.session(), delta(1, "k", "v"));
    assertEquals(
        403,
        TreeRefusal.status(
            assertThrows(
                TreeException.class,
                () -> registry.join(new JoinRequest(token, 777, null, "x.Main", null)))));
  }

  @Test
  void aDifferentJoinIsADifferentChild() throws Exception {
    registry.join(new JoinRequest(null, 4242, "c7", "sim.Child", null));
    assertEquals(
        "c7_2", registry.join(new JoinRequest(null, 4243, "c7", "sim.Child", null)).name());
    assertEquals(
        "c7_3", registry.join(new JoinRequest(null, 4242, "c7", "sim.Other", null)).name());
    assertEquals(
        "c7_4",
        registry.join(new JoinRequest(null, 4242, "c7", "sim.Child", "http://127.0.0.1:1")).name());
  }

  // A batch the child gave up on (its answer timed out) may still be taken after the next one.
  @Test
  void aBatchOlderThanOneTakenIsRefusedAndChangesNothing() throws Exception {
    String session = registry.join(new JoinRequest(null, 4242, "c9", "sim.Child", null)).session();
    registry.update(session, delta(5, "k", "new"));
    TreeException stale =
        assertThrows(TreeException.class, () -> registry.update(session, delta(4, "k", "old")));
    assertEquals(409, TreeRefusal.status(stale));
    assertTrue(stale.getMessage().startsWith("Stale batch"), stale.getMessage());
    assertEquals("new", store.get("c9/k").orElseThrow().value());
    assertThrows(TreeException.class, () -> registry.update(session, delta(5, "k", "again")));
    registry.update(session, delta(6, "k", "newer"));
    assertEquals("newer", store.get("c9/k").orElseThrow().value());
    // Batches that do not say their number are taken as they come, as before.
    registry.update(session, delta(-1, "k", "unnumbered"));
    assertEquals("unnumbered", store.get("c9/k").orElseThrow().value());
    assertTrue(store.get("c9/hermes.child.error").isEmpty());
  }

  @Test
  void aRepeatedJoinCountsBatchesAfresh() throws Exception {
    JoinRequest join = new JoinRequest(null, 4242, "c10", "sim.Child", null);
    String session = registry.join(join).session();
    // The child's first answer was lost; it joins again and numbers its batches from 1.
    registry.join(join);
    registry.update(session, delta(1, "k", "v"));
    assertEquals("v", store.get("c10/k").orElseThrow().value());
  }
}
