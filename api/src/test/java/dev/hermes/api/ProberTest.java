package dev.hermes.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ProberTest {
  private static final Duration FAST = Duration.ofMillis(100);
  private final StatusStore store = new StatusStore(System::nanoTime);
  private final Prober prober = new Prober(store);

  @AfterEach
  void stop() {
    prober.shutdown();
  }

  @Test
  void reportsEachLevelWithMessageValueAndTtl() throws Exception {
    AtomicReference<ProbeResult> next = new AtomicReference<>(ProbeResult.ok("fine"));
    prober.add("db", FAST, next::get);
    await(() -> "ok".equals(value("probe.db.status")));
    assertEquals("fine", value("probe.db.message"));
    assertTrue(store.get("probe.db.status").get().ttl().isPresent());
    assertTrue(store.get("probe.db.since").isPresent());
    assertTrue(store.get("probe.db.latency_ms").isPresent());

    next.set(ProbeResult.warning("slow").withValue(0.85));
    await(() -> "warning".equals(value("probe.db.status")));
    assertEquals("0.85", value("probe.db.value"));
    next.set(ProbeResult.critical("down").withValue(3));
    await(() -> "critical".equals(value("probe.db.status")));
    assertEquals("3", value("probe.db.value"));
    next.set(ProbeResult.ok(""));
    await(() -> "ok".equals(value("probe.db.status")));
    assertFalse(store.get("probe.db.message").isPresent());
    assertFalse(store.get("probe.db.value").isPresent());
  }

  @Test
  void aCheckThatThrowsIsCriticalWithItsMessage() throws Exception {
    prober.add(
        "queue",
        FAST,
        () -> {
          throw new IllegalStateException("no connection");
        });
    await(() -> "critical".equals(value("probe.queue.status")));
    assertEquals("IllegalStateException: no connection", value("probe.queue.message"));
  }

  @Test
  void aHangingCheckIsCriticalAndTheOthersKeepTheirSchedule() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger hungRuns = new AtomicInteger();
    prober.add(
        "hung",
        FAST,
        () -> {
          hungRuns.incrementAndGet();
          release.await();
          return ProbeResult.ok("back");
        });
    AtomicInteger runs = new AtomicInteger();
    prober.add("quick", FAST, () -> ProbeResult.ok("run " + runs.incrementAndGet()));
    await(() -> "critical".equals(value("probe.hung.status")));
    assertTrue(value("probe.hung.message").startsWith("no result after "));
    int before = runs.get();
    await(() -> runs.get() >= before + 5);
    assertEquals(1, hungRuns.get(), "a probe never runs twice at once");
    release.countDown();
    await(() -> "ok".equals(value("probe.hung.status")));
  }

  @Test
  void closingStopsTheProbeAndRemovesItsKeys() throws Exception {
    AtomicInteger runs = new AtomicInteger();
    Subscription s = prober.add("gone", FAST, () -> ProbeResult.ok("" + runs.incrementAndGet()));
    await(() -> "ok".equals(value("probe.gone.status")));
    s.close();
    assertFalse(store.get("probe.gone.status").isPresent());
    assertFalse(store.get("probe.gone.message").isPresent());
    assertEquals(0, prober.size());
    s.close();
  }

  @Test
  void withNoProbeLeftNoThreadIsLeftEither() throws Exception {
    // A webapp that closes its probes when it stops must leave no thread holding its class
    // loader; the ticker used to live for good once started. Failed before: 1 thread stayed.
    Prober idle = new Prober(store, Duration.ofMillis(200).toNanos());
    try {
      Subscription s = idle.add("brief", FAST, () -> ProbeResult.ok("here"));
      await(() -> "ok".equals(value("probe.brief.status")));
      assertTrue(idle.threads() > 0);
      s.close();
      await(() -> idle.threads() == 0);
      // and it comes back with the next probe
      idle.add("again", FAST, () -> ProbeResult.ok("back"));
      await(() -> "back".equals(value("probe.again.message")));
    } finally {
      idle.shutdown();
    }
  }

  @Test
  void aProbeOfTheSameNameIsReplaced() throws Exception {
    prober.add("same", FAST, () -> ProbeResult.ok("first"));
    await(() -> "first".equals(value("probe.same.message")));
    prober.add("same", FAST, () -> ProbeResult.warning("second"));
    await(() -> "second".equals(value("probe.same.message")));
    assertEquals(1, prober.size());
  }

  @Test
  void badArgumentsThrowAndChangeNothing() {
    assertThrows(
        IllegalArgumentException.class, () -> prober.add("a b", FAST, () -> ProbeResult.ok("")));
    assertThrows(
        IllegalArgumentException.class,
        () -> prober.add("a", Duration.ofMillis(5), () -> ProbeResult.ok("")));
    assertThrows(IllegalArgumentException.class, () -> prober.add("a", FAST, null));
    assertEquals(0, prober.size());
  }

  @Test
  void theApiProbesWithoutTheAgent() throws Exception {
    try (Subscription s = Hermes.probe("api.check", FAST, () -> ProbeResult.ok("works"))) {
      await(() -> Optional.of("ok").equals(Hermes.get("probe.api.check.status")));
    }
    assertFalse(Hermes.get("probe.api.check.status").isPresent());
  }

  private String value(String key) {
    return store.get(key).map(Status::value).orElse(null);
  }

  private static void await(BooleanSupplier condition) throws InterruptedException {
    for (int i = 0; i < 1000 && !condition.getAsBoolean(); i++) {
      Thread.sleep(10);
    }
    assertTrue(condition.getAsBoolean(), "condition not met within 10 s");
  }
}
