package dev.hermes.agent.tree;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hermes.agent.support.IsoTime;
import dev.hermes.api.StatusChange;
import dev.hermes.api.StatusStore;
import dev.hermes.api.TestStores;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A supervisor's view of each child (issue 13): since when it is in its state, its restarts and the
 * last exit kept across them, a crash loop, the CPU and memory of its process. Real short
 * processes, a store and a wall clock the test moves by hand, and a fake reader of processes.
 */
class ChildRestartsTest {
  private final AtomicLong nanos = new AtomicLong(1_000_000_000_000L);
  private final AtomicLong wallMillis = new AtomicLong(1_800_000_000_000L);
  private final StatusStore store = TestStores.at(nanos::get);
  private final Map<Long, ProcessStats.Reading> readings = new ConcurrentHashMap<>();
  private final ProcessStats fake =
      new ProcessStats() {
        @Override
        Reading read(long pid) {
          return readings.get(pid);
        }
      };
  private final ChildRegistry registry =
      new ChildRegistry(store, Duration.ofSeconds(10), 64L << 20, wallMillis::get, fake);
  private final List<Process> started = new ArrayList<>();

  @AfterEach
  void stop() {
    started.forEach(Process::destroyForcibly);
  }

  private void advanceMillis(long millis) {
    nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(millis));
    wallMillis.addAndGet(millis);
  }

  /** Ticks every 250 ms for {@code millis}. */
  private void run(long millis) {
    for (long t = 0; t < millis; t += 250) {
      advanceMillis(250);
      registry.tick();
    }
  }

  private String get(String key) {
    return store.get(key).map(s -> s.value()).orElse(null);
  }

  /** Spawns {@code command} as the child {@code name}, the way the spawn hook does. */
  private Process spawn(String name, String... command) throws Exception {
    String token = registry.expect(name);
    Process p = new ProcessBuilder(command).start();
    started.add(p);
    registry.started(token, p);
    return p;
  }

  /** Spawns a child that kills itself with SIGKILL, and waits for it as a supervisor does. */
  private void crash(String name) throws Exception {
    spawn(name, "sh", "-c", "kill -9 $$").waitFor();
  }

  // The restart came before the parent's own onExit callback had run: the child took the name
  // "svc_2" and the history was lost. The supervisor's waitFor() had returned; the parent notices
  // the exit when the name is asked for.
  @Test
  void aChildStartedAgainUnderItsNameKeepsTheLastExitAndCountsRestarts() throws Exception {
    crash("svc");
    assertEquals("0", get("svc/hermes.child.restarts"));
    for (int i = 1; i <= 3; i++) {
      advanceMillis(1000);
      String exitedAt = IsoTime.format(wallMillis.get());
      Process next = spawn("svc", "sleep", "30");
      assertEquals(List.of("svc"), registry.names(), "the same name, not svc_2");
      assertEquals(Integer.toString(i), get("svc/hermes.child.restarts"));
      assertEquals("137", get("svc/hermes.child.last_exit_code"));
      assertEquals("signal 9 (SIGKILL)", get("svc/hermes.child.last_exit_reason"));
      assertEquals("starting", get("svc/hermes.child.state"));
      next.destroyForcibly().waitFor();
      assertTrue(exitedAt.compareTo(get("svc/hermes.child.last_exit_time")) >= 0);
    }
  }

  @Test
  void theExitsReasonIsKeptAsTheLastOneAfterACleanExitToo() throws Exception {
    spawn("job", "sh", "-c", "exit 3").waitFor();
    spawn("job", "true").waitFor();
    spawn("job", "sleep", "30");
    assertEquals("0", get("job/hermes.child.last_exit_code"));
    assertEquals("exit 0", get("job/hermes.child.last_exit_reason"));
    assertEquals("2", get("job/hermes.child.restarts"));
  }

  @Test
  void threeQuickRestartsAreACrashLoopForAMinute() throws Exception {
    crash("loop");
    crash("loop");
    crash("loop");
    spawn("loop", "sleep", "30");
    assertEquals("3", get("loop/hermes.child.restarts"));
    assertEquals("true", get("loop/hermes.child.crash_loop"));
    run(59_000);
    assertEquals("true", get("loop/hermes.child.crash_loop"));
    run(1_500);
    assertEquals(null, get("loop/hermes.child.crash_loop"), "a minute without restarts");
  }

  @Test
  void sinceIsWhenTheStateLastChanged() throws Exception {
    String token = registry.expect("kid");
    String spawned = IsoTime.format(wallMillis.get());
    assertEquals(spawned, get("kid/hermes.child.since"));
    advanceMillis(1500);
    registry.join(new JoinRequest(token, 4242, null, "x.Main", null));
    String joined = IsoTime.format(wallMillis.get());
    assertEquals(joined, get("kid/hermes.child.since"));
    run(2_000);
    assertEquals(joined, get("kid/hermes.child.since"), "still running: since stays");
  }

  // Regression (issue 13): /events sent state=exited, then left, then the exit code: a consumer
  // acting on "left" did not have the code yet.
  @Test
  void anExitSaysHowBeforeItSaysExited() throws Exception {
    List<String> changes = new ArrayList<>();
    store.subscribe(
        "gone/",
        change -> {
          if (change.kind() == StatusChange.Kind.SET) {
            changes.add(change.key() + "=" + change.status().orElseThrow().value());
          }
        });
    crash("gone");
    registry.expect("other"); // any join notices nothing of gone's; its exit is the callback's
    for (int i = 0; i < 500 && !changes.contains("gone/hermes.child.state=exited"); i++) {
      Thread.sleep(10); // onExit callbacks run on the JDK's threads
    }
    int code = changes.indexOf("gone/hermes.child.exit_code=137");
    int reason = changes.indexOf("gone/hermes.child.exit_reason=signal 9 (SIGKILL)");
    int state = changes.indexOf("gone/hermes.child.state=exited");
    assertTrue(code >= 0 && reason >= 0 && state >= 0, changes.toString());
    assertTrue(code < state && reason < state, changes.toString());
  }

  // Regression (issue 13): a middle parent pushes its child's exit in one batch, whose keys were
  // stored at the root in the batch's order: state=exited (and so "left") could come first.
  @Test
  void aGrandchildsExitIsStoredBeforeItsState() throws Exception {
    String session =
        registry
            .join(new JoinRequest(registry.expect("mid"), 4242, null, "x.Main", null))
            .session();
    List<String> changes = new ArrayList<>();
    store.subscribe(
        "mid/leaf/", change -> changes.add(change.key().substring("mid/leaf/".length())));
    Map<String, Update.Entry> batch = new java.util.LinkedHashMap<>();
    batch.put("leaf/hermes.child.state", new Update.Entry("exited", 0, 0));
    batch.put("leaf/hermes.child.since", new Update.Entry("2026-12-02T05:00:00.000Z", 0, 0));
    batch.put("leaf/hermes.child.exit_code", new Update.Entry("137", 0, 0));
    batch.put("leaf/hermes.child.exit_reason", new Update.Entry("signal 9 (SIGKILL)", 0, 0));
    registry.update(session, new Update(false, batch, List.of()));
    assertEquals(
        List.of(
            "hermes.child.since",
            "hermes.child.exit_code",
            "hermes.child.exit_reason",
            "hermes.child.state"),
        changes);
  }

  @Test
  void resourcesAreSampledOnceASecondAndThePercentOnceAWindowIsCovered() throws Exception {
    Process p = spawn("busy", "sleep", "30");
    long pid = p.pid();
    long cpu = 0;
    readings.put(pid, new ProcessStats.Reading(cpu, 50L << 20, 7));
    for (int second = 0; second < 10; second++) {
      for (int t = 0; t < 4; t++) {
        registry.tick();
        advanceMillis(250);
      }
      assertEquals(null, get("busy/hermes.child.cpu.percent_10s"), "at " + second);
      cpu += 250_000_000L; // a quarter of a processor
      readings.put(pid, new ProcessStats.Reading(cpu, (50L << 20) + second, 7));
    }
    registry.tick();
    int processors = Runtime.getRuntime().availableProcessors();
    assertEquals(
        ChildResources.percentText(25.0 / processors), get("busy/hermes.child.cpu.percent_10s"));
    assertEquals("2.50", get("busy/hermes.child.cpu.seconds"));
    assertEquals(Long.toString((50L << 20) + 9), get("busy/hermes.child.memory.rss_bytes"));

    p.destroyForcibly().waitFor();
    registry.expect("busy"); // notices the exit now
    assertEquals(null, get("busy/hermes.child.memory.rss_bytes"));
    assertEquals(null, get("busy/hermes.child.cpu.percent_10s"));
  }

  @Test
  void anExitedProcessIsNotSampledAndItsCpuTimeStays() throws Exception {
    Process p = spawn("brief", "sleep", "30");
    readings.put(p.pid(), new ProcessStats.Reading(1_230_000_000L, 4096, 7));
    registry.tick();
    assertEquals("1.23", get("brief/hermes.child.cpu.seconds"));
    p.destroyForcibly().waitFor();
    spawn("brief_other", "true").waitFor(); // any spawn; the exit is noticed by the callback
    for (int i = 0; i < 500 && !"exited".equals(get("brief/hermes.child.state")); i++) {
      Thread.sleep(10);
    }
    readings.put(p.pid(), new ProcessStats.Reading(9_990_000_000L, 8192, 7));
    advanceMillis(1000);
    for (int t = 0; t < 4; t++) {
      registry.tick();
    }
    assertEquals("1.23", get("brief/hermes.child.cpu.seconds"));
    assertEquals(null, get("brief/hermes.child.memory.rss_bytes"));
  }

  @Test
  void aPidUsedAgainByAnotherProcessIsNotTakenForTheChild() throws Exception {
    Process p = spawn("reused", "sleep", "30");
    readings.put(p.pid(), new ProcessStats.Reading(1_000_000_000L, 4096, 7));
    registry.tick();
    readings.put(p.pid(), new ProcessStats.Reading(5_000_000_000L, 8192, 99));
    run(1_000);
    assertEquals("1.00", get("reused/hermes.child.cpu.seconds"));
    assertEquals("4096", get("reused/hermes.child.memory.rss_bytes"));
  }

  @Test
  void childResourcesOffSamplesNothing() throws Exception {
    registry.sampleResources(false);
    Process p = spawn("quiet", "sleep", "30");
    readings.put(p.pid(), new ProcessStats.Reading(1_000_000_000L, 4096, 7));
    run(2_000);
    assertFalse(store.get("quiet/hermes.child.cpu.seconds").isPresent());
    assertFalse(store.get("quiet/hermes.child.memory.rss_bytes").isPresent());
  }

  @Test
  void aChildOfAnotherHostIsNotSampled() throws Exception {
    String token = registry.expect("remote");
    Process p = new ProcessBuilder("sleep", "30").start();
    started.add(p);
    registry.started(token, p);
    // It joined from another host's address: its pid is that host's.
    registry.join(new JoinRequest(token, p.pid(), null, "x.Main", "http://192.0.2.7:9091"));
    readings.put(p.pid(), new ProcessStats.Reading(1_000_000_000L, 4096, 7));
    registry.tick();
    assertFalse(store.get("remote/hermes.child.cpu.seconds").isPresent());
  }
}
