package dev.hermes.agent.tree;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hermes.agent.http.TreeRefusal;
import dev.hermes.api.StatusStore;
import dev.hermes.api.TestStores;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * What children may hold at a parent, in bytes and in parts: the memory budget and each child's
 * share of it (finding 3), and full pushes in parts (finding 6).
 */
class ChildLimitsTest {
  private static final long MIB = 1 << 20;

  private final AtomicLong clock = new AtomicLong(1_000_000_000_000L);
  private final StatusStore store = TestStores.at(clock::get);

  private ChildRegistry registry(long budget) {
    return new ChildRegistry(store, Duration.ofSeconds(1), budget);
  }

  private static String join(ChildRegistry registry, String name) throws TreeException {
    return registry
        .join(new JoinRequest(registry.expect(name), 1234, null, "x.Main", null))
        .session();
  }

  /** {@code count} keys {@code prefix.i} of {@code chars} characters each. */
  private static Map<String, Update.Entry> keys(String prefix, int count, int chars) {
    Map<String, Update.Entry> set = new LinkedHashMap<>();
    for (int i = 0; i < count; i++) {
      set.put(prefix + "." + i, new Update.Entry("v".repeat(chars), 0, 0));
    }
    return set;
  }

  private static Update delta(Map<String, Update.Entry> set) {
    return new Update(false, set, List.of());
  }

  private static Update part(int part, boolean last, Map<String, Update.Entry> set) {
    return new Update(true, part, last, set, List.of(), -1);
  }

  @Test
  void aBatchPastAChildsShareIsA413NamingTheBudgetAndChangesNothing() throws Exception {
    ChildRegistry registry = registry(MIB);
    String session = join(registry, "hog");
    registry.update(session, delta(keys("a", 100, 2000))); // about 420 KiB of a 512 KiB share
    long held = registry.held();
    assertTrue(held > 400_000 && held < 512 * 1024, "held " + held);

    TreeException e =
        assertThrows(
            TreeException.class, () -> registry.update(session, delta(keys("b", 100, 2000))));
    assertEquals(413, TreeRefusal.status(e));
    assertTrue(
        e.getMessage()
            .startsWith(
                "Over the memory budget for children (childMemory=1 MiB): child hog would hold"),
        e.getMessage());
    assertTrue(store.get("hog/b.0").isEmpty());
    assertEquals(held, registry.held());
    assertEquals(e.getMessage(), store.get("hog/hermes.child.error").orElseThrow().value());

    // What keeps or shrinks the child is always taken, and the error goes with it.
    registry.update(session, delta(Map.of("a.0", new Update.Entry("w".repeat(2000), 0, 0))));
    assertEquals(held, registry.held());
    assertTrue(store.get("hog/hermes.child.error").isEmpty());
    registry.update(session, new Update(false, Map.of(), List.of("a.1", "a.2")));
    assertTrue(registry.held() < held);
  }

  @Test
  void oneChildCannotStarveTheOthers() throws Exception {
    ChildRegistry registry = registry(MIB);
    String greedy = join(registry, "greedy");
    int taken = 0;
    try {
      for (; taken < 100; taken++) {
        registry.update(greedy, delta(keys("k" + taken, 10, 2000)));
      }
    } catch (TreeException full) {
      assertEquals(TreeException.Reason.OVER_BUDGET, full.reason());
    }
    assertTrue(taken < 100, "the greedy child was stopped");
    assertTrue(registry.held() <= MIB / 2, "at most its share of half: " + registry.held());

    String late = join(registry, "late");
    registry.update(late, delta(keys("k", 60, 2000))); // about 250 KiB: the late child's room
    assertEquals(60, store.snapshot("late/k.").size());
    assertTrue(registry.held() <= MIB);
  }

  @Test
  void allChildrenTogetherStayWithinTheBudget() throws Exception {
    ChildRegistry registry = registry(MIB);
    long most = 0;
    for (int c = 0; c < 8; c++) {
      String session = join(registry, "c" + c);
      for (int i = 0; i < 100; i++) {
        try {
          registry.update(session, delta(keys("k" + i, 5, 2000)));
        } catch (TreeException full) {
          break;
        }
      }
      most = Math.max(most, registry.held());
    }
    assertTrue(most <= MIB, "held " + most);
    assertTrue(most > MIB * 3 / 4, "and the budget is used: " + most);
  }

  @Test
  void keysGoneFreeTheirShare() throws Exception {
    ChildRegistry registry = registry(MIB);
    String session = join(registry, "w");
    registry.update(session, delta(keys("a", 100, 2000)));
    assertTrue(registry.held() > 0);
    // A full push of nothing: every key goes, and so does what they held.
    registry.update(session, new Update(true, Map.of(), List.of()));
    assertEquals(0, registry.held());
    registry.update(session, delta(keys("a", 100, 2000)));
    clock.addAndGet(Duration.ofSeconds(1).toNanos());
    registry.update(session, delta(Map.of("expired", new Update.Entry("x", 5_000, 1_000))));
    assertTrue(store.get("w/expired").isEmpty(), "already expired: not stored, not held");
  }

  @Test
  void aFullPushInPartsReplacesTheChildsKeysWhenItsLastPartComes() throws Exception {
    ChildRegistry registry = registry(64 * MIB);
    String session = join(registry, "big");
    registry.update(session, delta(Map.of("old", new Update.Entry("1", 0, 0))));
    registry.update(session, part(0, false, keys("p0", 3, 10)));
    assertEquals("1", store.get("big/old").orElseThrow().value(), "until the last part");
    assertEquals(3, store.snapshot("big/p0.").size(), "each part is applied at once");
    registry.update(session, part(1, false, keys("p1", 3, 10)));
    registry.update(session, part(2, true, keys("p2", 3, 10)));
    assertTrue(store.get("big/old").isEmpty(), "not named by the full push");
    assertEquals(9, store.snapshot("big/p").size());
    assertEquals("running", store.get("big/hermes.child.state").orElseThrow().value());

    // A part out of order is a 400; part 0 starts again.
    TreeException e =
        assertThrows(
            TreeException.class, () -> registry.update(session, part(1, false, keys("x", 1, 1))));
    assertEquals(400, TreeRefusal.status(e));
    assertEquals(
        "Full push out of order: part 1 with none under way; send everything again from part 0",
        e.getMessage());
    registry.update(session, part(0, false, keys("p0", 3, 10)));
    assertThrows(
        TreeException.class, () -> registry.update(session, part(2, true, keys("x", 1, 1))));
    registry.update(session, part(0, true, keys("p1", 1, 10)));
    assertEquals(1, store.snapshot("big/p").size(), "a new full push, in one part");
  }

  @Test
  void aFullPushNearTheLimitDropsWhatItHasNotNamedToMakeRoom() throws Exception {
    ChildRegistry registry = registry(MIB);
    String session = join(registry, "churn");
    registry.update(session, delta(keys("old", 100, 2000))); // about 420 KiB of a 512 KiB share
    // Everything changed: 420 KiB of new keys, in two parts. Old and new together would not fit.
    registry.update(session, part(0, false, keys("new0", 50, 2000)));
    registry.update(session, part(1, true, keys("new1", 50, 2000)));
    assertEquals(0, store.snapshot("churn/old.").size());
    assertEquals(100, store.snapshot("churn/new").size());
    assertTrue(store.get("churn/hermes.child.error").isEmpty());
  }

  @Test
  void aChildSaysHowManyKeysItWithholds() throws Exception {
    ChildRegistry registry = registry(64 * MIB);
    String session = join(registry, "w");
    registry.update(session, new Update(false, 0, true, Map.of(), List.of(), 3));
    assertEquals("3", store.get("w/hermes.child.withheld").orElseThrow().value());
    registry.update(session, delta(Map.of()));
    assertEquals("3", store.get("w/hermes.child.withheld").orElseThrow().value(), "no news");
    registry.update(session, new Update(false, 0, true, Map.of(), List.of(), 0));
    assertFalse(store.get("w/hermes.child.withheld").isPresent());
  }
}
