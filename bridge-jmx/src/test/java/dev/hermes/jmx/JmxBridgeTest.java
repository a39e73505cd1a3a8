package dev.hermes.jmx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hermes.api.StatusStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The entry point's lifecycle: the thread, the settings it corrects, and what close undoes. */
class JmxBridgeTest {
  private final MBeanServer server = MBeanServerFactory.newMBeanServer();
  private final StatusStore store = StatusStore.global();
  private final List<String> errors = new CopyOnWriteArrayList<>();
  @TempDir Path dir;
  private JmxBridge bridge;

  @AfterEach
  void close() {
    if (bridge != null) {
      bridge.close();
    }
    store.removePrefix("test.");
  }

  @Test
  void samplesOnDaemonThreadNamedHermesJmx() throws Exception {
    AtomicReference<Thread> reader = new AtomicReference<>();
    server.registerMBean(
        new FakeMBean().computing("Value", () -> reader.updateAndGet(t -> Thread.currentThread())),
        new ObjectName("app:type=A"));
    Path rules = Files.write(dir.resolve("jmx.rules"), List.of("test.a = app:type=A Value"));
    bridge = JmxBridge.start(settings().rules(rules).build());

    waitFor("test.a");

    assertTrue(isDaemonThreadAlive(JmxBridge.THREAD_NAME));
    assertTrue(reader.get().isDaemon());
    assertTrue(reader.get().getName().startsWith(MBeanReader.THREAD_NAME), reader.get().getName());
  }

  @Test
  void closeStopsTheSamplingThread() throws Exception {
    Path rules = Files.write(dir.resolve("jmx.rules"), List.of("test.a = app:type=A Value"));
    server.registerMBean(new FakeMBean().with("Value", 1), new ObjectName("app:type=A"));
    bridge = JmxBridge.start(settings().rules(rules).build());
    waitFor("test.a");

    bridge.close();

    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (isDaemonThreadAlive(JmxBridge.THREAD_NAME) && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertFalse(isDaemonThreadAlive(JmxBridge.THREAD_NAME));
    assertTrue(store.get("test.a").isEmpty());
  }

  @Test
  void reportsIntervalThatIsNotPositiveAndUsesTheDefault() {
    JmxSettings settings = settings().interval(Duration.ZERO).build();

    bridge = JmxBridge.open(settings);

    assertEquals(JmxSettings.DEFAULT_INTERVAL, settings.interval());
    assertEquals(List.of("JMX interval [PT0S] is not positive; using PT5S"), errors);
  }

  @Test
  void startDelayPostponesTheFirstSample() throws Exception {
    bridge =
        JmxBridge.start(
            settings().registerStatusMBean(true).startDelay(Duration.ofHours(1)).build());

    Thread.sleep(200);

    assertFalse(server.isRegistered(StatusMBean.OBJECT_NAME));
  }

  @Test
  void startsWithNullSettingsWithoutThrowing() {
    bridge = JmxBridge.start(null);

    assertTrue(bridge != null);
  }

  @Test
  void keepsSamplingWhenTheErrorSinkThrows() throws Exception {
    Path rules = Files.write(dir.resolve("jmx.rules"), List.of("test.a = app:type=A Value", "bad"));
    server.registerMBean(new FakeMBean().with("Value", 1), new ObjectName("app:type=A"));
    bridge =
        JmxBridge.open(
            settings()
                .rules(rules)
                .errors(
                    line -> {
                      throw new IllegalStateException("sink down");
                    })
                .build());

    bridge.sampleNow();

    assertEquals("1", store.get("test.a").orElseThrow().value());
  }

  private JmxSettings.Builder settings() {
    return JmxSettings.builder()
        .defaults(false)
        .mbeanServer(server)
        .registerStatusMBean(false)
        .interval(Duration.ofMillis(100))
        .errors(errors::add);
  }

  private void waitFor(String key) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (store.get(key).isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertTrue(store.get(key).isPresent(), key + " was not written");
  }

  private static boolean isDaemonThreadAlive(String name) {
    return Thread.getAllStackTraces().keySet().stream()
        .anyMatch(t -> t.getName().equals(name) && t.isDaemon() && t.isAlive());
  }
}
