package dev.hermes.agent.tree;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hermes.agent.client.RefusedException;
import dev.hermes.agent.client.UnexpectedStatusException;
import dev.hermes.agent.support.Log;
import dev.hermes.api.StatusStore;
import dev.hermes.api.TestStores;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The push link against fake parents and a fake clock: no network, no waiting for real time. */
class ParentLinkTest {
  private static final URI PARENT = URI.create("http://127.0.0.1:1001");
  private static final URI GRANDPARENT = URI.create("http://127.0.0.1:1002");
  private static final URI GREAT_GRANDPARENT = URI.create("http://127.0.0.1:1003");
  private static final JoinRequest REQUEST = new JoinRequest("t0k", 4242, null, "app.Main", null);

  private final StatusStore store = TestStores.fresh();
  private final FakeClock clock = new FakeClock();
  private final Map<URI, FakeParent> parents = new HashMap<>();
  private final List<ParentLink> links = new ArrayList<>();
  private final List<Thread> threads = new ArrayList<>();

  @AfterEach
  void stopLinks() throws InterruptedException {
    for (ParentLink link : links) {
      link.stop();
    }
    for (Thread thread : threads) {
      thread.join(5000);
    }
  }

  private FakeParent parent(URI url, String name) {
    FakeParent parent = new FakeParent(name, clock);
    parents.put(url, parent);
    return parent;
  }

  private ParentLink link(URI... ancestors) {
    ParentLink link =
        new ParentLink(PARENT, List.of(ancestors), REQUEST, store, parents::get, clock);
    links.add(link);
    threads.add(link.start());
    return link;
  }

  /** A parent named w1 and a link to it, past the join and the first (full) push. */
  private FakeParent linkedParent() throws InterruptedException {
    FakeParent parent = parent(PARENT, "w1");
    link();
    assertTrue(parent.next().full);
    return parent;
  }

  @Test
  void joinsWithTheRequestThenPushesEverythingThenOnlyWhatChanged() throws Exception {
    FakeParent parent = parent(PARENT, "w1");
    store.put("kept", "1", 0, 0);
    store.put("gone", "1", 0, 0);
    link();
    Update first = parent.next();
    assertEquals(List.of(REQUEST), parent.joins);
    assertTrue(first.full);
    assertEquals(Set.of("kept", "gone"), first.set.keySet());
    assertEquals("session-w1", parent.sessions.get(0));

    store.put("kept", "2", 0, 0);
    Update delta = parent.next();
    assertFalse(delta.full);
    assertEquals(Set.of("kept"), delta.set.keySet());
    // Each body says when it was sent and its number, counted over the link's life.
    assertEquals(1, first.seq);
    assertEquals(2, delta.seq);
    assertTrue(Math.abs(System.currentTimeMillis() - delta.sentMillis) < 60_000, "sent now");
    assertEquals("2", delta.set.get("kept").value);

    parent.holdNextUpdate();
    store.put("first", "x", 0, 0);
    parent.awaitHeld();
    store.put("changed", "1", 0, 0);
    store.put("changed", "2", 0, 0);
    store.put("changed", "3", 0, 0);
    store.remove("gone");
    parent.release();
    assertEquals(Set.of("first"), parent.next().set.keySet());
    Update coalesced = parent.next();
    assertFalse(coalesced.full);
    assertEquals(Set.of("changed"), coalesced.set.keySet());
    assertEquals("3", coalesced.set.get("changed").value);
    assertEquals(List.of("gone"), coalesced.removed);
    assertNull(parent.updates.poll(50, TimeUnit.MILLISECONDS), "one batch for all the changes");
  }

  @Test
  void silenceStillSendsAHeartbeatEverySecond() throws Exception {
    FakeParent parent = linkedParent();
    clock.awaitParked();
    clock.advanceMillis(990);
    assertNull(parent.updates.poll(50, TimeUnit.MILLISECONDS), "a heartbeat before the second");
    clock.advanceMillis(20);
    Update heartbeat = parent.next();
    assertFalse(heartbeat.full);
    assertTrue(heartbeat.set.isEmpty() && heartbeat.removed.isEmpty());
  }

  @Test
  void joinIsRetriedWithBackoffUntilTheParentAnswers() throws Exception {
    FakeParent parent = parent(PARENT, "w1");
    parent.joinFailures.add(new ConnectException("Connection refused"));
    parent.joinFailures.add(new IOException("answered 500"));
    long start = clock.nanoTime();
    link();
    assertTrue(parent.next().full);
    assertEquals(3, parent.joins.size());
    assertEquals(300, (parent.joinedAt.get(2) - start) / 1_000_000, "backoff 100 ms, then 200");
  }

  @Test
  void refusedJoinLeavesStatusLocalWithOneLine() throws Exception {
    FakeParent parent = parent(PARENT, "w1");
    parent.joinFailures.add(new RefusedException("Unknown or already used token\n"));
    parent.joinFailures.add(new RefusedException("Too many children joined without a token\n"));
    assertStopsWithOneLine("refused to join this JVM (Too many children joined without a token)");
    assertEquals(2, parent.joins.size());
    assertTrue(parent.updates.isEmpty());
  }

  @Test
  void aJvmWhoseTokenWasTakenJoinsWithoutItQuietly() throws Exception {
    // A start script's second JVM (jetty.sh's after its --dry-run one, Spark's after its
    // launcher) found the token used: it stayed local and said so on the script's stderr.
    FakeParent parent = parent(PARENT, "w1");
    parent.joinFailures.add(new RefusedException("Unknown or already used token\n"));
    link();
    assertTrue(parent.next().full);
    assertEquals(2, parent.joins.size());
    assertNull(parent.joins.get(1).token);
    assertEquals(parent.joins.get(0).pid, parent.joins.get(1).pid);
  }

  @Test
  void unknownSessionMakesTheChildJoinAgainWithoutTokenUnderItsName() throws Exception {
    // A parent restarted on the same port knows no session: the child joined again, or it said
    // "status stays local" and never pushed again (finding 7).
    store.put("a", "1", 0, 0);
    FakeParent parent = linkedParent();
    parent.updateFailures.add(new RefusedException("Unknown session; join first\n"));
    String said =
        stderrDuring(
            () -> {
              store.put("b", "2", 0, 0);
              Update again = parent.next();
              assertTrue(again.full);
              assertEquals(Set.of("a", "b"), again.set.keySet());
            });
    assertEquals(2, parent.joins.size());
    JoinRequest rejoin = parent.joins.get(1);
    assertNull(rejoin.token, "the one-time token is spent");
    assertEquals("w1", rejoin.name);
    assertEquals(4242, rejoin.pid);
    assertEquals("app.Main", rejoin.main);
    assertEquals("session-w1-2", parent.sessions.get(parent.sessions.size() - 1));
    assertEquals(
        Log.prefix()
            + "parent "
            + PARENT
            + " no longer knew this JVM as w1 (Unknown session; join first); joined again as w1\n",
        said);
  }

  @Test
  void aParentThatForgetsAtOnceIsJoinedAgainAtAGrowingPaceWithOneLine() throws Exception {
    FakeParent parent = linkedParent();
    for (int i = 0; i < 8; i++) {
      parent.updateFailures.add(new RefusedException("Unknown session; join first\n"));
    }
    String said =
        stderrDuring(
            () -> {
              store.put("b", "2", 0, 0);
              assertTrue(parent.next().full, "taken at last");
            });
    assertEquals(9, parent.joins.size());
    List<Long> at = parent.joinedAt;
    for (int i = 3; i < at.size(); i++) {
      assertTrue(
          at.get(i) - at.get(i - 1) >= at.get(i - 1) - at.get(i - 2),
          "no faster than the time before: " + at);
    }
    assertTrue(at.get(8) - at.get(7) >= 5_000_000_000L, "5 s apart at last: " + at);
    assertEquals(1, said.lines().count(), said);
  }

  @Test
  void refusedJoinAfterAnUnknownSessionStopsTheLinkWithOneLine() throws Exception {
    FakeParent parent = linkedParent();
    parent.joinFailures.add(new RefusedException("Forbidden: send the Hermes-Secret header\n"));
    parent.updateFailures.add(new RefusedException("Forbidden: send the Hermes-Secret header\n"));
    Thread pushing = threads.get(0);
    String said =
        stderrDuring(
            () -> {
              store.put("b", "2", 0, 0);
              pushing.join(5000);
            });
    assertFalse(pushing.isAlive(), "the link did not stop");
    assertEquals(
        Log.prefix()
            + "parent "
            + PARENT
            + " refused to join this JVM again (Forbidden: send the Hermes-Secret header);"
            + " status stays local\n",
        said);
    store.put("after", "1", 0, 0);
    assertNull(parent.updates.poll(50, TimeUnit.MILLISECONDS));
  }

  @Test
  void refusedBatchIsSaidOnceAndEverythingOfferedAgain() throws Exception {
    store.put("a", "1", 0, 0);
    FakeParent parent = linkedParent();
    String tooMuch = "Over the memory budget for children (childMemory=4 MiB): ...\n";
    parent.updateFailures.add(new UnexpectedStatusException(413, tooMuch));
    parent.updateFailures.add(new UnexpectedStatusException(413, tooMuch));
    parent.updateFailures.add(new UnexpectedStatusException(413, tooMuch));
    String said =
        stderrDuring(
            () -> {
              store.put("b", "2", 0, 0);
              Update taken = parent.next();
              assertTrue(taken.full, "everything, once the parent takes it");
              assertEquals(Set.of("a", "b"), taken.set.keySet());
            });
    assertEquals(
        Log.prefix()
            + "parent "
            + PARENT
            + " refused this JVM's keys (413: Over the memory budget for children"
            + " (childMemory=4 MiB): ...); it shows the last it took, and this JVM offers them"
            + " again every 5 s\n",
        said,
        "one line for three refusals");
  }

  @Test
  void aStateLargerThanABatchGoesInPartsThenOnlyWhatChanged() throws Exception {
    String value = "x".repeat(8000);
    for (int i = 0; i < 200; i++) {
      store.put("big." + i, value, 0, 0);
    }
    FakeParent parent = parent(PARENT, "w1");
    link();
    Set<String> keys = new java.util.HashSet<>();
    for (int part = 0; ; part++) {
      Update update = parent.next();
      assertTrue(update.full);
      assertEquals(part, update.part);
      keys.addAll(update.set.keySet());
      if (update.last) {
        assertTrue(part >= 2, "1.6 MB in parts of at most 512 KiB: " + parent.sizes);
        break;
      }
    }
    assertEquals(200, keys.size());
    for (int size : parent.sizes) {
      assertTrue(size <= TreeCodec.MAX_BATCH_BYTES, size + " bytes");
    }
    store.put("big.7", "changed", 0, 0);
    Update delta = parent.next();
    assertFalse(delta.full);
    assertEquals(Set.of("big.7"), delta.set.keySet());
  }

  @Test
  void keysTheParentWouldRefuseAreWithheldCountedAndSaidOnce() throws Exception {
    String segment = "s".repeat(256);
    // 1,024 characters: the longest path here, 1,027 as w1/... at the parent.
    String deep = segment + "/" + segment + "/" + segment + "/" + "k".repeat(253);
    store.put("a", "1", 0, 0);
    store.put(deep, "deep", 0, 0);
    FakeParent parent = parent(PARENT, "w1");
    String said =
        stderrDuring(
            () -> {
              link();
              Update first = parent.next();
              assertEquals(Set.of("a"), first.set.keySet());
              assertEquals(1, first.withheld);
              store.put(deep, "deeper", 0, 0); // alone, nothing to tell
              store.put("a", "2", 0, 0);
              Update delta = news(parent);
              assertEquals(Set.of("a"), delta.set.keySet());
              assertEquals(-1, delta.withheld, "no news");
              store.put("hermes.child.state", "mine", 0, 0); // the parent's name for its own
              assertEquals(2, news(parent).withheld);
              store.remove(deep);
              Update removal = news(parent);
              assertTrue(removal.removed.isEmpty(), "never sent, never removed");
              assertEquals(1, removal.withheld);
            });
    assertEquals(
        Log.prefix()
            + "key ["
            + "s".repeat(Excerpt.MAX_CHARS)
            + "... (1024 characters)] cannot be shown at parent "
            + PARENT
            + " (as w1/... it would be 1027 characters, more than 1024); it and any like it stay"
            + " here, counted there in w1/hermes.child.withheld\n",
        said);
  }

  @Test
  void failedPushIsFollowedByEverything() throws Exception {
    store.put("a", "1", 0, 0);
    FakeParent parent = linkedParent();
    parent.updateFailures.add(new IOException("Connection reset"));
    store.put("b", "2", 0, 0);
    Update resent = parent.next();
    assertTrue(resent.full);
    assertEquals(Set.of("a", "b"), resent.set.keySet());
  }

  @Test
  void orphanJoinsTheNearestLivingAncestorUnderItsNameAfterThreeSeconds() throws Exception {
    FakeParent dead = parent(PARENT, "w1");
    FakeParent deadToo = parent(GRANDPARENT, "unused");
    FakeParent adoptive = parent(GREAT_GRANDPARENT, "w1_2");
    deadToo.joinFailures.add(new ConnectException("Connection refused"));
    store.put("a", "1", 0, 0);
    link(GRANDPARENT, GREAT_GRANDPARENT);
    assertTrue(dead.next().full);

    dead.refuseConnections();
    store.put("b", "2", 0, 0);
    Update adopted = adoptive.next();

    JoinRequest orphan = adoptive.joins.get(0);
    assertNull(orphan.token);
    assertEquals("w1", orphan.name);
    assertEquals(PARENT.toString(), orphan.adoptedFrom);
    assertEquals(4242, orphan.pid);
    assertEquals("app.Main", orphan.main);
    assertEquals(PARENT.toString(), deadToo.joins.get(0).adoptedFrom);
    long orphanedFor = adoptive.joinedAt.get(0) - dead.firstRefusedAt;
    assertTrue(orphanedFor > ParentLink.ORPHANED_NANOS, "adopted after " + orphanedFor + " ns");
    assertTrue(orphanedFor < ParentLink.ORPHANED_NANOS + 2_000_000_000L, orphanedFor + " ns");

    assertTrue(adopted.full);
    assertEquals(Set.of("a", "b"), adopted.set.keySet());
    assertEquals("session-w1_2", adoptive.sessions.get(0));
    store.put("c", "3", 0, 0);
    assertEquals(Set.of("c"), adoptive.next().set.keySet());
  }

  @Test
  void orphanAsksAnAncestorWithNoRoomAgainLater() throws Exception {
    FakeParent dead = parent(PARENT, "w1");
    FakeParent full = parent(GRANDPARENT, "w1");
    full.joinFailures.add(new UnexpectedStatusException(503, "Too many children ...\n"));
    store.put("a", "1", 0, 0);
    link(GRANDPARENT);
    assertTrue(dead.next().full);
    dead.refuseConnections();
    store.put("b", "2", 0, 0);
    Update adopted = full.next();
    assertTrue(adopted.full);
    assertEquals(Set.of("a", "b"), adopted.set.keySet());
    assertEquals(2, full.joins.size(), "asked again after the 503");
  }

  @Test
  void orphanWithNoLivingAncestorKeepsTryingItsParent() throws Exception {
    FakeParent parent = linkedParent();
    parent.refuseConnections();
    store.put("a", "1", 0, 0);
    while (parent.firstRefusedAt == 0
        || clock.nanoTime() - parent.firstRefusedAt < 2 * ParentLink.ORPHANED_NANOS) {
      Thread.sleep(5);
    }
    parent.acceptConnections();
    Update back = parent.next();
    assertTrue(back.full);
    assertEquals(Set.of("a"), back.set.keySet());
  }

  @Test
  void flushSendsWhatIsPendingWithItsOwnTimeout() throws Exception {
    FakeParent parent = linkedParent();
    assertEquals(List.of(ParentLink.PUSH_TIMEOUT_MILLIS), parent.timeouts);
    links.get(0).flush(300);
    assertEquals(300, parent.timeouts.get(1));
  }

  /** Runs a link until it stops by itself, having said {@code what} as its one line. */
  private void assertStopsWithOneLine(String what) throws Exception {
    assertEquals(
        Log.prefix() + "parent " + PARENT + " " + what + "; status stays local\n",
        stderrWhileLinkRunsOut());
  }

  /** The next batch that says anything, past heartbeats and pushes of withheld keys alone. */
  private static Update news(FakeParent parent) throws InterruptedException {
    Update update = parent.next();
    while (update.set.isEmpty() && update.removed.isEmpty() && update.withheld < 0) {
      update = parent.next();
    }
    return update;
  }

  private interface Action {
    void run() throws Exception;
  }

  /** What was printed on stderr while {@code action} ran. */
  private static String stderrDuring(Action action) throws Exception {
    PrintStream saved = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      action.run();
    } finally {
      System.setErr(saved);
    }
    return err.toString(StandardCharsets.UTF_8);
  }

  /** What the link printed on stderr from its start until its thread ended by itself. */
  private String stderrWhileLinkRunsOut() throws Exception {
    PrintStream saved = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      link();
      Thread pushing = threads.get(threads.size() - 1);
      pushing.join(5000);
      assertFalse(pushing.isAlive(), "the link did not stop");
    } finally {
      System.setErr(saved);
    }
    return err.toString(StandardCharsets.UTF_8);
  }
}
