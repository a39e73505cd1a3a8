package dev.hermes.agent.spawn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * premain's gate: a load of a class Hermes may rewrite waits until hermes-start has decided, then
 * goes through the rewrites routed to it; nothing else waits, hermes-start never does, and no wait
 * is unbounded.
 */
class LoadGateTest {
  private static final String PROCESS_BUILDER = "java/lang/ProcessBuilder";
  private static final byte[] ORIGINAL = {1, 2, 3};
  private static final byte[] REWRITTEN = {4, 5, 6};

  @Test
  void aLoadOfAHookedClassWaitsForTheDecisionThenIsRewritten() throws Exception {
    LoadGate gate = new LoadGate(new Thread(() -> {}), 60_000, 60_000);
    AtomicReference<byte[]> loaded = new AtomicReference<>();
    Thread loader = new Thread(() -> loaded.set(load(gate, PROCESS_BUILDER)));
    loader.start();
    waitUntilWaiting(loader);
    assertNull(loaded.get(), "held back until the gate opens");

    gate.route(new Rewrite(ProcessBuilderRewriter.CLASS));
    gate.open();
    loader.join(10_000);
    assertFalse(loader.isAlive());
    assertArrayEquals(REWRITTEN, loaded.get());
  }

  @Test
  void openWithNoRouteTheClassLoadsAsItIs() {
    LoadGate gate = new LoadGate(new Thread(() -> {}), 60_000, 60_000);
    gate.open();
    assertNull(load(gate, PROCESS_BUILDER));
    assertNull(load(gate, "java/lang/management/ManagementFactory"));
  }

  @Test
  void otherClassesAndOtherLoadersNeverWait() {
    LoadGate gate = new LoadGate(new Thread(() -> {}), 60_000, 60_000);
    long start = System.nanoTime();
    assertNull(load(gate, "java/lang/String"));
    assertNull(load(gate, "com/example/App"));
    assertNull(
        gate.transform(ClassLoader.getSystemClassLoader(), PROCESS_BUILDER, null, null, ORIGINAL));
    assertTrue(System.nanoTime() - start < 30_000_000_000L, "no wait of the hold's length");
    assertFalse(gate.isOpen());
  }

  @Test
  void theOpenerIsNeverHeldBack() throws Exception {
    AtomicReference<LoadGate> gate = new AtomicReference<>();
    AtomicReference<byte[]> loaded = new AtomicReference<>(ORIGINAL);
    Thread opener = new Thread(() -> loaded.set(load(gate.get(), PROCESS_BUILDER)));
    gate.set(new LoadGate(opener, 600_000, 600_000));
    opener.start();
    opener.join(30_000);
    assertFalse(opener.isAlive(), "hermes-start loading the class itself would wait for itself");
    assertNull(loaded.get(), "no route yet: as it is (its settle retransforms it)");
  }

  @Test
  void aLoadWaitsAtMostTheHoldThenGoesOnThroughWhatIsRoutedByThen() {
    LoadGate gate = new LoadGate(new Thread(() -> {}), 50, 60_000);
    assertNull(load(gate, PROCESS_BUILDER), "the decision never came");
    assertFalse(gate.isOpen());
    // A rewrite routed by then is decided: it applies, open or not.
    gate.route(new Rewrite(ProcessBuilderRewriter.CLASS));
    assertArrayEquals(REWRITTEN, load(gate, PROCESS_BUILDER));
  }

  @Test
  void anInterruptEndsTheWaitAndIsKept() throws Exception {
    LoadGate gate = new LoadGate(new Thread(() -> {}), 600_000, 600_000);
    AtomicBoolean interrupted = new AtomicBoolean();
    AtomicBoolean done = new AtomicBoolean();
    Thread loader =
        new Thread(
            () -> {
              load(gate, PROCESS_BUILDER);
              interrupted.set(Thread.currentThread().isInterrupted());
              done.set(true);
            });
    loader.start();
    waitUntilWaiting(loader);
    loader.interrupt();
    loader.join(30_000);
    assertTrue(done.get());
    assertTrue(interrupted.get(), "the app's interrupt is the app's");
  }

  @Test
  void anExitWaitsUntilTheSettingsAreSaidNotForTheWholeDecision() throws Exception {
    LoadGate gate = new LoadGate(new Thread(() -> {}), 600_000, 600_000);
    Thread exit = new Thread(gate);
    exit.start();
    waitUntilWaiting(exit);
    gate.said();
    exit.join(30_000);
    assertFalse(exit.isAlive());
    assertFalse(gate.isOpen(), "loads are still held: the hooks are not decided yet");

    LoadGate never = new LoadGate(new Thread(() -> {}), 600_000, 50);
    Thread bounded = new Thread(never);
    bounded.start();
    bounded.join(30_000);
    assertFalse(bounded.isAlive(), "an exit waits a bounded time, said or not");
  }

  private static byte[] load(LoadGate gate, String name) {
    return gate.transform(null, name, null, null, ORIGINAL);
  }

  private static void waitUntilWaiting(Thread t) throws InterruptedException {
    for (int i = 0; i < 3000 && t.getState() != Thread.State.TIMED_WAITING; i++) {
      Thread.sleep(5);
    }
    assertTrue(t.getState() == Thread.State.TIMED_WAITING, t.getState().toString());
  }

  private static final class Rewrite extends JdkClassRewrite {
    Rewrite(String internalName) {
      super(internalName, "missing", "failed");
    }

    @Override
    protected byte[] rewrite(byte[] original) {
      return REWRITTEN;
    }
  }
}
