package dev.hermes.agent.spawn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hermes.agent.config.ChildLaunch;
import dev.hermes.agent.tree.ChildRegistry;
import dev.hermes.api.StatusStore;
import dev.hermes.api.TestStores;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * premain publishes a hook that waits, and the start-up thread installs the real one: a child
 * spawned in between still starts with the agent.
 */
class SpawnHookTest {
  private static final Path JAR = Path.of("/opt/hermes.jar").toAbsolutePath();

  @AfterEach
  void noHook() {
    SpawnHook.HOOK = HookCall.NONE;
  }

  @Test
  void aSpawnBeforeTheHookIsInstalledWaitsForItAndIsRewritten() throws Exception {
    SpawnHook.expectInstall();
    ProcessBuilder pb = new ProcessBuilder("java", "-cp", "app.jar", "app.Main");
    Thread spawner = spawn(pb, new AtomicBoolean());
    waitUntilBlocked(spawner);
    assertEquals(List.of("java", "-cp", "app.jar", "app.Main"), pb.command(), "not yet");

    StatusStore store = TestStores.fresh();
    SpawnHook.install(
        JAR,
        new ChildRegistry(store, Duration.ofSeconds(10)),
        CompletableFuture.completedFuture(ChildLaunch.root()));
    spawner.join(10_000);
    assertFalse(spawner.isAlive());
    assertTrue(
        pb.command().stream().anyMatch(a -> a.startsWith("-javaagent:") && a.contains("hermes")),
        pb.command().toString());
  }

  @Test
  void aSpawnBeforeTheHookIsGivenUpStartsAsItWas() throws Exception {
    SpawnHook.expectInstall();
    ProcessBuilder pb = new ProcessBuilder("java", "-cp", "app.jar", "app.Main");
    AtomicBoolean taken = new AtomicBoolean(true);
    Thread spawner = spawn(pb, taken);
    waitUntilBlocked(spawner);

    SpawnHook.giveUp();
    spawner.join(10_000);
    assertFalse(spawner.isAlive());
    assertFalse(taken.get());
    assertEquals(List.of("java", "-cp", "app.jar", "app.Main"), pb.command());
    assertSame(HookCall.NONE, SpawnHook.HOOK);
  }

  @Test
  void giveUpAfterInstallKeepsTheHook() {
    SpawnHook.expectInstall();
    SpawnHook.install(
        JAR,
        new ChildRegistry(TestStores.fresh(), Duration.ofSeconds(10)),
        CompletableFuture.completedFuture(ChildLaunch.root()));
    SpawnHook.giveUp();
    assertNotEquals(HookCall.NONE, SpawnHook.HOOK);
    assertTrue(SpawnHook.HOOK instanceof SpawnHook);
  }

  @Test
  void anInterruptOfTheAppsThreadSurvivesTheWaitForTheEndpoint() {
    SpawnHook.install(
        JAR,
        new ChildRegistry(TestStores.fresh(), Duration.ofSeconds(10)),
        new CompletableFuture<>()); // the endpoint never comes
    assertSpawnKeepsTheInterrupt();
  }

  @Test
  void anInterruptOfTheAppsThreadSurvivesTheWaitForTheHook() {
    SpawnHook.expectInstall();
    assertSpawnKeepsTheInterrupt();
  }

  /** The app's thread, interrupted, starts a child: it still sees its interrupt afterwards. */
  private static void assertSpawnKeepsTheInterrupt() {
    ProcessBuilder pb = new ProcessBuilder("java", "-cp", "app.jar", "app.Main");
    Thread.currentThread().interrupt();
    try {
      SpawnHook.HOOK.add(pb);
      assertTrue(Thread.currentThread().isInterrupted(), "the app's interrupt is kept");
    } finally {
      Thread.interrupted();
    }
  }

  private static Thread spawn(ProcessBuilder pb, AtomicBoolean taken) {
    Thread t = new Thread(() -> taken.set(SpawnHook.HOOK.add(pb)), "app-spawner");
    t.setDaemon(true);
    t.start();
    return t;
  }

  private static void waitUntilBlocked(Thread t) throws InterruptedException {
    for (int i = 0; i < 1000 && t.getState() != Thread.State.TIMED_WAITING; i++) {
      Thread.sleep(5);
    }
    assertEquals(Thread.State.TIMED_WAITING, t.getState(), "the spawn waits for the hook");
  }
}
