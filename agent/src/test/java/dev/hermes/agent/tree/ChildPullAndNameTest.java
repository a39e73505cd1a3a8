package dev.hermes.agent.tree;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hermes.api.StatusStore;
import dev.hermes.api.TestStores;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Pulled children's records (issue 12): running on an answer, not_answering with the error on a
 * failure, keys gone {@code grace} after failing, a key the endpoint no longer lists gone on the
 * next answer; a pushed child's silence shown in its error; a spawned child's own name wins.
 */
class ChildPullAndNameTest {
  private final AtomicLong nanos = new AtomicLong(1_000_000_000_000L);
  private final AtomicLong wallMillis = new AtomicLong(1_800_000_000_000L);
  private final StatusStore store = TestStores.at(nanos::get);
  private final ChildRegistry registry =
      new ChildRegistry(store, Duration.ofSeconds(10), 64L << 20, wallMillis::get);

  private void advanceSeconds(long seconds) {
    for (long t = 0; t < seconds * 4; t++) {
      nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(250));
      wallMillis.addAndGet(250);
      registry.tick();
    }
  }

  private String value(String key) {
    return store.get(key).map(s -> s.value()).orElse(null);
  }

  private static Map<String, Update.Entry> keys(String... kv) {
    Map<String, Update.Entry> m = new java.util.LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], new Update.Entry(kv[i + 1], 1_500_000_000L, 0));
    }
    return m;
  }

  @Test
  void aPulledChildRunsFailsWithItsErrorAndLosesItsKeysAfterGrace() throws Exception {
    JoinAnswer c3 = registry.pull("c3");
    assertEquals("c3", c3.name());
    assertEquals("starting", value("c3/hermes.child.state"));
    registry.pulled(c3.session(), keys("a", "1", "b", "2"), 1, 0);
    assertEquals("running", value("c3/hermes.child.state"));
    assertEquals("1", value("c3/a"));
    assertEquals("1", value("c3/hermes.child.renamed"));
    assertEquals(null, value("c3/hermes.child.skipped"));
    // Age carried over: set 1.5 s before it arrived.
    assertEquals(1_500_000_000L, store.get("c3/a").orElseThrow().ageNanos(store.now()));

    registry.pulled(c3.session(), keys("a", "1"), 0, 0);
    assertEquals(null, value("c3/b"), "a key the answer no longer lists is gone");
    assertEquals(null, value("c3/hermes.child.renamed"));

    registry.pullFailed(c3.session(), "connection refused");
    assertEquals("not_answering", value("c3/hermes.child.state"));
    assertEquals("connection refused", value("c3/hermes.child.error"));
    advanceSeconds(5);
    assertEquals("1", value("c3/a"), "kept within grace");
    advanceSeconds(6);
    assertEquals(null, value("c3/a"), "gone after grace");
    assertEquals("not_answering", value("c3/hermes.child.state"), "the record stays");

    registry.pulled(c3.session(), keys("a", "2"), 0, 0);
    assertEquals("running", value("c3/hermes.child.state"));
    assertEquals(null, value("c3/hermes.child.error"));
    assertEquals("2", value("c3/a"));

    registry.unpull(c3.session());
    assertEquals(null, value("c3/hermes.child.state"));
    assertFalse(registry.names().contains("c3"));
  }

  @Test
  void aSilentPushedChildSaysWhyUntilItSpeaks() throws Exception {
    String session =
        registry.join(new JoinRequest(registry.expect("w"), 4242, null, "x.W", null)).session();
    advanceSeconds(4);
    assertEquals("not_answering", value("w/hermes.child.state"));
    assertTrue(value("w/hermes.child.error").startsWith("no push for 3 s"));
    registry.update(session, new Update(false, Map.of(), List.of()));
    assertEquals("running", value("w/hermes.child.state"));
    assertEquals(null, value("w/hermes.child.error"));
  }

  // Regression (issue 12): a spawned child's own name= was ignored; it kept the derived name.
  @Test
  void aSpawnedChildsOwnNameWinsAndSiblingsStayUnique() throws Exception {
    String t1 = registry.expect("java");
    String t2 = registry.expect("java");
    JoinAnswer a = registry.join(new JoinRequest(t1, 4001, "web", "x.Web", null));
    JoinAnswer b = registry.join(new JoinRequest(t2, 4002, "web", "x.Web", null));
    assertEquals("web", a.name());
    assertEquals("web_2", b.name());
    assertEquals("running", value("web/hermes.child.state"));
    assertEquals("running", value("web_2/hermes.child.state"));
    assertEquals(null, value("java/hermes.child.state"));
    assertEquals(null, value("java_2/hermes.child.state"));
    assertEquals(List.of("web", "web_2"), registry.names());
  }
}
