package dev.hermes.jmx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hermes.api.Keys;
import dev.hermes.api.Status;
import dev.hermes.api.StatusStore;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The default keys, read from this JVM's own platform MXBeans. */
class PlatformDefaultsTest {
  private final StatusStore store = StatusStore.global();
  private final List<String> errors = new ArrayList<>();
  private JmxBridge bridge;

  @BeforeEach
  void sample() {
    bridge =
        JmxBridge.open(
            JmxSettings.builder().registerStatusMBean(false).errors(errors::add).build());
    bridge.sampleNow();
  }

  @AfterEach
  void close() {
    bridge.close();
  }

  @Test
  void writesPositiveHeapUsed() {
    assertTrue(number("jvm.memory.heap.used") > 0);
  }

  @Test
  void writesPositiveLiveThreads() {
    assertTrue(number("jvm.threads.live") > 0);
  }

  @Test
  void writesUptime() {
    assertTrue(number("process.uptime_ms") >= 0);
  }

  @Test
  void writesLoadedClasses() {
    assertTrue(number("jvm.classes.loaded") > 0);
  }

  @Test
  void writesCountOfEveryCollector() {
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      String key = "jvm.gc." + KeySanitizer.segment(gc.getName()) + ".count";
      assertTrue(number(key) >= 0, key);
    }
  }

  @Test
  void writesOpenFileDescriptorsOnUnix() {
    assumeTrue(!System.getProperty("os.name").startsWith("Windows"));

    assertTrue(number("process.fds.open") > 0);
    assertTrue(number("process.fds.max") >= number("process.fds.open"));
  }

  @Test
  void writesTheMachinesMemoryAndThisProcesssResidentMemoryOnLinux() {
    assumeTrue(java.nio.file.Files.isReadable(java.nio.file.Path.of("/proc/meminfo")));

    assertTrue(number("os.memory.total_bytes") > 0);
    assertTrue(number("os.memory.available_bytes") > 0);
    assertTrue(number("os.memory.available_bytes") <= number("os.memory.total_bytes"));
    assertTrue(number("process.memory.rss_bytes") > 10L << 20, "a JVM touches 10 MiB");
    assertTrue(number("process.memory.rss_bytes") <= number("os.memory.total_bytes"));
  }

  @Test
  void writesTheFileSystemsOfTheWorkingAndTempDirectoriesAndClassPath() {
    SortedMap<String, Status> fs = store.snapshot("os.fs.");
    long systems = fs.keySet().stream().filter(k -> k.endsWith(".total_bytes")).count();
    assertTrue(systems >= 1, fs.keySet().toString());
    for (String key : fs.keySet()) {
      if (key.endsWith(".total_bytes")) {
        String prefix = key.substring(0, key.length() - "total_bytes".length());
        long total = number(key);
        assertTrue(total > 0, key);
        assertTrue(number(prefix + "free_bytes") <= total, prefix);
        assertTrue(number(prefix + "used_bytes") <= total, prefix);
        assertTrue(fs.get(prefix + "mount").value().length() > 0, prefix);
      }
    }
  }

  @Test
  void writesOnlyValidKeysUnderTheDocumentedNamespaces() {
    SortedMap<String, Status> written = store.snapshot("");
    for (String key : written.keySet()) {
      if (key.startsWith("jvm.") || key.startsWith("process.") || key.startsWith("os.")) {
        assertTrue(Keys.isValid(key), key);
      }
    }
    assertTrue(written.containsKey("os.cpus"));
  }

  @Test
  void writesKeysWithTtlOfThreeIntervals() {
    Status heap = store.get("jvm.memory.heap.used").orElseThrow();

    assertEquals(3 * JmxSettings.DEFAULT_INTERVAL.toNanos(), heap.ttlNanos());
  }

  @Test
  void reportsNothingWhenAllIsWell() {
    assertEquals(List.of(), errors);
  }

  @Test
  void removesItsKeysOnClose() {
    bridge.close();

    assertTrue(store.get("jvm.threads.live").isEmpty());
    assertTrue(store.snapshot("jvm.").isEmpty(), () -> store.snapshot("jvm.").toString());
  }

  private long number(String key) {
    return Long.parseLong(
        store.get(key).map(Status::value).orElseThrow(() -> new AssertionError(key + " missing")));
  }
}
