package dev.hermes.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class StatusStoreTest {
  private static final long SECOND = 1_000_000_000L;
  private final AtomicLong clock = new AtomicLong(42 * SECOND);
  private final StatusStore store = new StatusStore(clock::get);

  @Test
  void prefixReadsReturnExactlyTheSubtree() {
    for (String key : new String[] {"a", "a.b", "a/x", "a/y/z", "a0", "ab/z", "b/x", "Z"}) {
      store.put(key, "v", 0, 0);
    }
    store.put("a/gone", "v", 0, SECOND);
    clock.addAndGet(2 * SECOND);
    assertEquals(
        java.util.List.of("a/x", "a/y/z"),
        new java.util.ArrayList<>(store.snapshot("a/").keySet()));
    assertEquals(
        java.util.List.of("a/y/z"), new java.util.ArrayList<>(store.snapshot("a/y/").keySet()));
    assertEquals(8, store.snapshot("").size());
    assertEquals(2, store.removePrefix("a/"));
    assertEquals(
        java.util.List.of("Z", "a", "a.b", "a0", "ab/z", "b/x"),
        new java.util.ArrayList<>(store.snapshot("").keySet()));
  }

  @Test
  void forEachVisitsExactlyTheLiveSubtreeInKeyOrder() {
    for (String key : new String[] {"a", "a.b", "a/x", "a/y/z", "a0", "ab/z", "b/x", "Z"}) {
      store.put(key, "v", 0, 0);
    }
    store.put("a/gone", "v", 0, SECOND);
    clock.addAndGet(2 * SECOND);
    assertEquals(List.of("a/x", "a/y/z"), visit("a/"));
    assertEquals(List.of("a/y/z"), visit("a/y/"));
    assertEquals(List.of("Z", "a", "a.b", "a/x", "a/y/z", "a0", "ab/z", "b/x"), visit(""));
    assertEquals(List.of(), visit("c/"));
  }

  @Test
  void forEachSkipsAndRemovesAKeyTheMomentItExpires() {
    store.put("w/beat", "ok", 0, 10 * SECOND);
    store.put("w/stay", "ok", 0, 0);
    List<StatusChange> changes = new ArrayList<>();
    store.subscribe("", changes::add);
    long now = clock.get();
    assertEquals(List.of("w/beat", "w/stay"), visit("w/", now + 10 * SECOND - 1));
    assertEquals(List.of(), changes);
    assertEquals(List.of("w/stay"), visit("w/", now + 10 * SECOND));
    assertEquals("[EXPIRED w/beat = ok]", changes.toString());
    // Removed, not only skipped: the store's own clock has not reached the expiry yet.
    assertFalse(store.snapshot("w/").containsKey("w/beat"));
  }

  @Test
  void forEachGivesEachKeyItsStatus() {
    store.put("w/a", "1", 3 * SECOND, 0);
    List<String> seen = new ArrayList<>();
    store.forEach(
        "w/",
        clock.get(),
        (key, status) -> seen.add(key + "=" + status.value() + "@" + status.ageNanos(clock.get())));
    assertEquals(List.of("w/a=1@" + 3 * SECOND), seen);
  }

  private List<String> visit(String prefix) {
    return visit(prefix, clock.get());
  }

  private List<String> visit(String prefix, long now) {
    List<String> keys = new ArrayList<>();
    store.forEach(prefix, now, (key, status) -> keys.add(key));
    return keys;
  }

  @Test
  void keyWithoutTtlLivesUntilRemoved() {
    store.report("status", "running", 0);
    clock.addAndGet(1_000_000 * SECOND);
    assertEquals("running", store.get("status").orElseThrow().value());
    assertTrue(store.remove("status"));
    assertTrue(store.get("status").isEmpty());
  }

  @Test
  void keyReadsAbsentTheMomentItExpires() {
    store.report("beat", "ok", 10 * SECOND);
    clock.addAndGet(10 * SECOND - 1);
    assertTrue(store.get("beat").isPresent());
    clock.addAndGet(1);
    assertTrue(store.get("beat").isEmpty());
    assertTrue(store.snapshot("").isEmpty());
  }

  @Test
  void reportingAgainRenewsTheTtl() {
    store.report("beat", "ok", 10 * SECOND);
    clock.addAndGet(9 * SECOND);
    store.report("beat", "ok", 10 * SECOND);
    clock.addAndGet(9 * SECOND);
    assertEquals(9 * SECOND, store.get("beat").orElseThrow().ageNanos(clock.get()));
  }

  @Test
  void sweepReclaimsExpiredKeysNobodyReads() {
    store.report("old", "x", SECOND);
    List<StatusChange> changes = new ArrayList<>();
    store.subscribe("", changes::add);
    clock.addAndGet(2 * SECOND);
    store.report("new", "y", 0);
    assertEquals("[SET new = y, EXPIRED old = x]", changes.toString());
  }

  @Test
  void aLargeTreeIsSweptASliceASecond() {
    for (int i = 0; i < 40_000; i++) {
      store.put("w/k" + i, "x", 0, SECOND);
    }
    int[] expired = {0};
    store.subscribe(
        "w/",
        c -> {
          if (c.kind() == StatusChange.Kind.EXPIRED) {
            expired[0]++;
          }
        });
    clock.addAndGet(2 * SECOND);
    store.report("a", "y", 0); // one sweep: one slice, not the whole tree
    assertTrue(expired[0] > 0 && expired[0] <= 16_384, "expired " + expired[0]);
    for (int s = 0; s < 3; s++) {
      clock.addAndGet(SECOND);
      store.report("a", "y", 0);
    }
    assertEquals(40_000, expired[0], "every key, a slice a second");
    clock.addAndGet(SECOND);
    store.put("w/late", "z", 0, SECOND);
    clock.addAndGet(2 * SECOND);
    store.report("a", "y", 0); // started over from the first key
    assertEquals(40_001, expired[0]);
  }

  @Test
  void invalidKeyChangesNothing() {
    store.report("status", "running", 0);
    assertThrows(IllegalArgumentException.class, () -> store.report("status/x", "bad", 0));
    assertThrows(IllegalArgumentException.class, () -> store.report("status", null, 0));
    assertEquals(List.of("status"), List.copyOf(store.snapshot("").keySet()));
    assertEquals("running", store.get("status").orElseThrow().value());
  }

  @Test
  void childPathKeepsTheAgeItWasReportedWith() {
    store.put("worker1/status", "up", 5 * SECOND, 30 * SECOND);
    Status status = store.get("worker1/status").orElseThrow();
    assertEquals(5 * SECOND, status.ageNanos(clock.get()));
    clock.addAndGet(25 * SECOND);
    assertTrue(store.get("worker1/status").isEmpty());
  }

  @Test
  void childPathAlreadyExpiredIsNotStored() {
    store.put("worker1/status", "up", 0, 0);
    store.put("worker1/status", "late", 31 * SECOND, 30 * SECOND);
    assertTrue(store.get("worker1/status").isEmpty());
  }

  @Test
  void snapshotFiltersByPrefixInKeyOrder() {
    store.report("b", "2", 0);
    store.report("a", "1", 0);
    store.put("w/b", "4", 0, 0);
    store.put("w/a", "3", 0, 0);
    assertEquals(List.of("w/a", "w/b"), List.copyOf(store.snapshot("w/").keySet()));
    assertEquals(List.of("a", "b", "w/a", "w/b"), List.copyOf(store.snapshot("").keySet()));
  }

  @Test
  void removePrefixRemovesOnlyThatSubtree() {
    store.put("w1/a", "1", 0, 0);
    store.put("w1/b/c", "2", 0, 0);
    store.put("w10/a", "3", 0, 0);
    assertEquals(2, store.removePrefix("w1/"));
    assertEquals(List.of("w10/a"), List.copyOf(store.snapshot("").keySet()));
  }

  @Test
  void listenerSeesOnlyItsPrefixUntilClosed() {
    List<StatusChange> changes = new ArrayList<>();
    Subscription subscription = store.subscribe("w1/", changes::add);
    store.put("w1/status", "up", 0, 0);
    store.put("w2/status", "up", 0, 0);
    store.remove("w1/status");
    subscription.close();
    store.put("w1/status", "again", 0, 0);
    assertEquals("[SET w1/status = up, REMOVED w1/status = up]", changes.toString());
  }

  @Test
  void throwingListenerDoesNotFailTheReport() {
    Thread.UncaughtExceptionHandler previous = Thread.currentThread().getUncaughtExceptionHandler();
    List<Throwable> seen = new ArrayList<>();
    Thread.currentThread().setUncaughtExceptionHandler((t, e) -> seen.add(e));
    try {
      store.subscribe(
          "",
          c -> {
            throw new IllegalStateException("boom");
          });
      store.report("status", "ok", 0);
      assertEquals("ok", store.get("status").orElseThrow().value());
      assertEquals("boom", seen.get(0).getMessage());
    } finally {
      Thread.currentThread().setUncaughtExceptionHandler(previous);
    }
  }

  @Test
  void overlongValueIsRefusedAndChangesNothing() {
    store.report("note", "short", 0);
    String huge = "x".repeat(StatusStore.MAX_VALUE_LENGTH + 1);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> store.report("note", huge, 0));
    assertEquals(
        "Invalid value for key [note]: 8193 characters, more than 8192; report a summary",
        e.getMessage());
    assertEquals("short", store.get("note").orElseThrow().value());
  }

  @Test
  void newKeyBeyondTheLimitIsRefusedButExistingKeysStillUpdate() {
    for (int i = 0; i < StatusStore.MAX_OWN_KEYS; i++) {
      store.report("k" + i, "v", 0);
    }
    assertThrows(IllegalArgumentException.class, () -> store.report("one.more", "v", 0));
    store.report("k0", "updated", 0);
    assertEquals("updated", store.get("k0").orElseThrow().value());
    store.put("child/k", "child keys count apart", 0, 0);
    assertTrue(store.remove("k1"));
    store.report("one.more", "fits now", 0);
    assertEquals(StatusStore.MAX_OWN_KEYS + 1, store.snapshot("").size());
  }

  @Test
  void expiredKeysFreeTheirPlaceInTheLimit() {
    for (int i = 0; i < StatusStore.MAX_OWN_KEYS; i++) {
      store.report("t" + i, "v", SECOND);
    }
    clock.addAndGet(2 * SECOND);
    store.snapshot("");
    store.report("fresh", "v", 0);
    assertEquals(1, store.snapshot("").size());
  }

  @Test
  void removeOfAbsentKeyReportsFalse() {
    assertFalse(store.remove("nothing"));
    assertFalse(store.remove(null));
  }
}
