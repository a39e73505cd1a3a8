package dev.hermes.agent.tree;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hermes.api.StatusStore;
import dev.hermes.api.TestStores;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * A slow parent does not blame its children (issue 11): a child is {@code not_answering} after 3 s
 * of silence beyond the parent's own lateness, measured from the time each batch was sent. On a
 * store and a wall clock the test moves by hand, together.
 */
class ChildLivenessTest {
  private final AtomicLong nanos = new AtomicLong(1_000_000_000_000L);
  private final AtomicLong wallMillis = new AtomicLong(1_800_000_000_000L);
  private final StatusStore store = TestStores.at(nanos::get);
  private final ChildRegistry registry =
      new ChildRegistry(store, Duration.ofSeconds(60), 64L << 20, wallMillis::get);

  private void advanceMillis(long millis) {
    nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(millis));
    wallMillis.addAndGet(millis);
  }

  private String join(String name, String url) throws TreeException {
    return registry.join(new JoinRequest(null, 4242, name, "sim.Child", url)).session();
  }

  /** A heartbeat the child sent {@code agoMillis} before the parent takes it. */
  private void push(String session, long seq, long agoMillis) throws TreeException {
    registry.update(
        session,
        new Update(false, 0, true, Map.of(), List.of(), -1, wallMillis.get() - agoMillis, seq));
  }

  private String state(String name) {
    return store.get(name + "/hermes.child.state").orElseThrow().value();
  }

  /** Ticks every 250 ms for {@code millis}, the others' batches taken {@code lateMillis} late. */
  private void run(long millis, long lateMillis, String... others) throws TreeException {
    for (long t = 0; t < millis; t += 250) {
      advanceMillis(250);
      for (String other : others) {
        push(other, nanos.get(), lateMillis);
      }
      registry.tick();
    }
  }

  // Regression (issue 11): at 1,000 children the root showed 620 of them not_answering though they
  // had pushed on time: their batches were late at the root, not at the children.
  @Test
  void aChildIsNotBlamedWhileTheParentTakesBatchesLate() throws Exception {
    String quiet = join("quiet", null);
    String busy = join("busy", null);
    push(quiet, 1, 0);
    // The parent falls behind: what it takes now was sent 2.5 s ago; the quiet child's batches
    // since are somewhere in its queue.
    run(4_000, 2_500, busy);
    assertEquals("running", state("quiet"));
    push(quiet, 2, 2_600); // its batch, sent on time, finally taken
    run(1_000, 0, busy);
    assertEquals("running", state("quiet"));
  }

  @Test
  void aParentOnTimeFlagsASilentChildAfter3s() throws Exception {
    String quiet = join("quiet", null);
    String busy = join("busy", null);
    push(quiet, 1, 0);
    run(2_750, 0, busy);
    assertEquals("running", state("quiet"));
    run(500, 0, busy);
    assertEquals("not_answering", state("quiet"));
    push(quiet, 2, 0);
    assertEquals("running", state("quiet"));
  }

  // The parent's own pause (GC, a starved CPU) is its lateness too: its tick came 2 s late.
  @Test
  void aLateTickIsTheParentsLateness() throws Exception {
    String quiet = join("quiet", null);
    push(quiet, 1, 0);
    run(2_500, 0);
    advanceMillis(2_000);
    registry.tick();
    assertEquals("running", state("quiet"));
    run(4_000, 0); // nothing late since: flagged in the end
    assertEquals("not_answering", state("quiet"));
  }

  // Another host's clock may be far off: what is late is judged against the least delay seen.
  @Test
  void aRemoteChildsClockOffsetIsNotLateness() throws Exception {
    String far = join("far", "http://10.0.0.9:9091");
    String quiet = join("quiet", null);
    push(quiet, 1, 0);
    // The far child's clock runs 10 s behind ours: each batch looks 10 s late, steadily.
    run(2_750, 0);
    for (int i = 0; i < 3; i++) {
      push(far, 10 + i, 10_000);
      run(250, 0);
    }
    assertEquals("not_answering", state("quiet"));
    assertEquals("running", state("far"));
  }
}
