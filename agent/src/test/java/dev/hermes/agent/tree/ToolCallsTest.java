package dev.hermes.agent.tree;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hermes.api.StatusStore;
import dev.hermes.api.TestStores;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The rule of {@link ToolCalls}: a process not given the agent directly that exits 0 within the
 * window without having joined is a tool call, never shown and counted; anything else shows. Time
 * is the store's fake clock; processes are real.
 */
class ToolCallsTest {
  private final AtomicLong nanos = new AtomicLong(1_000_000_000_000L);
  private final AtomicLong wallMillis = new AtomicLong(1_800_000_000_000L);
  private final StatusStore store = TestStores.at(nanos::get);
  private final ChildRegistry registry =
      new ChildRegistry(store, Duration.ofSeconds(10), 64L << 20, wallMillis::get, null)
          .sampleResources(false);
  private final List<Process> started = new ArrayList<>();

  @AfterEach
  void stop() {
    started.forEach(Process::destroyForcibly);
  }

  private void advanceMillis(long millis) {
    nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(millis));
    wallMillis.addAndGet(millis);
  }

  private String get(String key) {
    return store.get(key).map(s -> s.value()).orElse(null);
  }

  private Process spawn(String name, boolean mayBeATool, String... command) throws Exception {
    String token = registry.expect(name, mayBeATool);
    Process p = new ProcessBuilder(command).start();
    started.add(p);
    registry.started(token, p);
    return p;
  }

  /** Waits for the registry's exit callback (the JDK's reaper thread) to have run. */
  private void awaitExitSeen(Process p, String key, String value) throws Exception {
    p.onExit().get(30, TimeUnit.SECONDS);
    for (int i = 0; i < 500 && !value.equals(get(key)); i++) {
      Thread.sleep(10);
    }
  }

  @Test
  void aShortToolThatExitsZeroNeverShowsAndIsCounted() throws Exception {
    Process getconf = spawn("getconf", true, "true");
    assertNull(get("getconf/hermes.child.state"), "held back while it may be a tool");
    awaitExitSeen(getconf, ToolCalls.RUNS_KEY, "1");
    Process setsid = spawn("setsid", true, "true");
    awaitExitSeen(setsid, ToolCalls.RUNS_KEY, "2");
    assertEquals("2", get(ToolCalls.RUNS_KEY));
    registry.tick();
    assertTrue(store.snapshot("getconf/").isEmpty());
    assertTrue(store.snapshot("setsid/").isEmpty());
    assertTrue(registry.names().isEmpty(), registry.names().toString());
  }

  @Test
  void aToolThatFailsShowsAsAnExitedChild() throws Exception {
    Process failing = spawn("failing", true, "false");
    awaitExitSeen(failing, "failing/hermes.child.state", "exited");
    assertEquals("exited", get("failing/hermes.child.state"));
    assertEquals("1", get("failing/hermes.child.exit_code"));
    assertNull(get(ToolCalls.RUNS_KEY));
  }

  @Test
  void aProcessThatOutlivesTheWindowShowsAsNotJoinedThenExited() throws Exception {
    Process sleeper = spawn("sleeper", true, "sleep", "60");
    registry.tick();
    assertNull(get("sleeper/hermes.child.state"));
    advanceMillis(ToolCalls.WINDOW_MILLIS + 1);
    registry.tick();
    assertEquals("not_joined", get("sleeper/hermes.child.state"));
    assertEquals(Long.toString(sleeper.pid()), get("sleeper/hermes.child.pid"));
    sleeper.destroy();
    awaitExitSeen(sleeper, "sleeper/hermes.child.state", "exited");
    assertEquals("exited", get("sleeper/hermes.child.state"));
    assertNull(get(ToolCalls.RUNS_KEY));
  }

  @Test
  void aProcessThatExitsZeroAfterTheWindowIsAChild() throws Exception {
    // It exits 0 once its input closes, which is after the window, before a tick showed it.
    Process reader = spawn("reader", true, "sh", "-c", "read line; exit 0");
    advanceMillis(ToolCalls.WINDOW_MILLIS + 1);
    reader.getOutputStream().close();
    awaitExitSeen(reader, "reader/hermes.child.state", "exited");
    assertEquals("exited", get("reader/hermes.child.state"));
    assertEquals("0", get("reader/hermes.child.exit_code"));
    assertNull(get(ToolCalls.RUNS_KEY));
  }

  @Test
  void aHeldProcessWhoseJvmJoinsShowsAsRunning() throws Exception {
    String token = registry.expect("script", true);
    Process script = new ProcessBuilder("sleep", "60").start();
    started.add(script);
    registry.started(token, script);
    assertNull(get("script/hermes.child.state"));
    JoinAnswer answer = registry.join(new JoinRequest(token, 4242, null, "app.Main", null));
    assertEquals("script", answer.name());
    assertEquals("running", get("script/hermes.child.state"));
    assertEquals("4242", get("script/hermes.child.pid"));
  }

  @Test
  void aJvmGivenTheAgentIsNeverHeldBack() throws Exception {
    Process jvm = spawn("Worker", false, "true");
    assertEquals("starting", get("Worker/hermes.child.state"));
    awaitExitSeen(jvm, "Worker/hermes.child.state", "exited");
    assertEquals("exited", get("Worker/hermes.child.state"));
    assertNull(get(ToolCalls.RUNS_KEY));
  }
}
