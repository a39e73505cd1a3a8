package dev.hermes.jmx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryUsage;
import java.lang.management.OperatingSystemMXBean;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The default sources' edge cases, on mocked platform MXBeans. */
class DefaultSourcesTest {
  private final Map<String, String> out = new HashMap<>();

  @Test
  void leavesLoadAverageOutWhereUnavailable() {
    OperatingSystemMXBean os = mock(OperatingSystemMXBean.class);
    when(os.getSystemLoadAverage()).thenReturn(-1.0);

    new OsSource(os).read(out);

    assertFalse(out.containsKey("os.load_average_1m"));
  }

  @Test
  void writesLoadAverageWithTwoDecimals() {
    OperatingSystemMXBean os = mock(OperatingSystemMXBean.class);
    when(os.getSystemLoadAverage()).thenReturn(1.234);

    new OsSource(os).read(out);

    assertEquals("1.23", out.get("os.load_average_1m"));
  }

  @Test
  void leavesFileDescriptorsOutWhereTheOsBeanDoesNotTell() {
    OperatingSystemMXBean os = mock(OperatingSystemMXBean.class);
    when(os.getAvailableProcessors()).thenReturn(4);

    new OsSource(os).read(out);

    assertEquals(Map.of("os.cpus", "4", "os.load_average_1m", "0.00"), out);
  }

  @Test
  void leavesNonHeapMaxOutWhenUndefined() {
    MemoryMXBean memory = mock(MemoryMXBean.class);
    when(memory.getHeapMemoryUsage()).thenReturn(new MemoryUsage(0, 10, 20, 30));
    when(memory.getNonHeapMemoryUsage()).thenReturn(new MemoryUsage(0, 1, 2, -1));

    new MemorySource(memory).read(out);

    assertEquals("30", out.get("jvm.memory.heap.max"));
    assertFalse(out.containsKey("jvm.memory.nonheap.max"));
  }

  @Test
  void countsNoDeadlockWhenNoneIsFound() {
    ThreadMXBean threads = mock(ThreadMXBean.class);
    when(threads.isSynchronizerUsageSupported()).thenReturn(true);
    when(threads.findDeadlockedThreads()).thenReturn(null);

    new ThreadSource(threads).read(out);

    assertEquals("0", out.get("jvm.threads.deadlocked"));
  }

  @Test
  void countsDeadlockedThreads() {
    ThreadMXBean threads = mock(ThreadMXBean.class);
    when(threads.isSynchronizerUsageSupported()).thenReturn(true);
    when(threads.findDeadlockedThreads()).thenReturn(new long[] {7, 9});

    new ThreadSource(threads).read(out);

    assertEquals("2", out.get("jvm.threads.deadlocked"));
  }

  @Test
  void namesCollectorKeysBySanitisedName() {
    GarbageCollectorMXBean young = mock(GarbageCollectorMXBean.class);
    when(young.getName()).thenReturn("G1 Young Generation");
    when(young.getCollectionCount()).thenReturn(12L);
    when(young.getCollectionTime()).thenReturn(345L);

    new GcSource(() -> List.of(young)).read(out);

    assertEquals(
        Map.of(
            "jvm.gc.G1_Young_Generation.count", "12", "jvm.gc.G1_Young_Generation.time_ms", "345"),
        out);
  }

  @Test
  void leavesCollectorFiguresOutWhenItDoesNotKeepThem() {
    GarbageCollectorMXBean collector = mock(GarbageCollectorMXBean.class);
    when(collector.getName()).thenReturn("Epsilon");
    when(collector.getCollectionCount()).thenReturn(-1L);
    when(collector.getCollectionTime()).thenReturn(-1L);

    new GcSource(() -> List.of(collector)).read(out);

    assertTrue(out.isEmpty());
  }

  private static final String MEMINFO =
      "MemTotal:        8038000 kB\nMemFree:          512000 kB\nMemAvailable:    4019000 kB\n"
          + "Buffers:           10000 kB\nCached:          2000000 kB\n";

  @Test
  void nodeMemoryComesFromMeminfoAndRssFromStatus(@TempDir Path proc) throws Exception {
    Files.writeString(proc.resolve("meminfo"), MEMINFO);
    Files.createDirectories(proc.resolve("self"));
    Files.writeString(proc.resolve("self/status"), "Name:\tjava\nVmRSS:\t  51200 kB\n");

    new NodeSource(proc, new OsExtras(mock(OperatingSystemMXBean.class))).read(out);

    assertEquals(
        Map.of(
            "os.memory.total_bytes", Long.toString(8038000L * 1024),
            "os.memory.available_bytes", Long.toString(4019000L * 1024),
            "process.memory.rss_bytes", Long.toString(51200L * 1024)),
        out);
  }

  @Test
  void anOldKernelsAvailableMemoryIsFreeAndCache(@TempDir Path proc) throws Exception {
    Files.writeString(proc.resolve("meminfo"), MEMINFO.replace("MemAvailable:", "Other:"));

    new NodeSource(proc, new OsExtras(mock(OperatingSystemMXBean.class))).read(out);

    assertEquals(
        Long.toString((512000L + 10000 + 2000000) * 1024), out.get("os.memory.available_bytes"));
    assertFalse(out.containsKey("process.memory.rss_bytes"));
  }

  @Test
  void withoutProcTheMemoryIsLeftOutWhereTheOsBeanDoesNotTell() {
    new NodeSource(null, new OsExtras(mock(OperatingSystemMXBean.class))).read(out);

    assertEquals(Map.of(), out);
  }

  @Test
  void kibFindsALineAnywhere() {
    assertEquals(8038000L * 1024, NodeSource.kib(MEMINFO, "MemTotal:"));
    assertEquals(10000L * 1024, NodeSource.kib(MEMINFO, "Buffers:"));
    assertEquals(-1, NodeSource.kib(MEMINFO, "Swap:"));
    assertEquals(-1, NodeSource.kib("MemTotal: lots kB", "MemTotal:"));
  }

  @Test
  void mountPointsBecomeKeySegments() {
    assertEquals("root", FileSystemSource.segment("/"));
    assertEquals("var_lib_docker", FileSystemSource.segment("/var/lib/docker"));
    assertEquals("C", FileSystemSource.segment("C:\\"));
  }

  @Test
  void theTempDirectorysFileSystemIsFoundOnceWithPlausibleFigures(@TempDir Path dir)
      throws Exception {
    Path jar = Files.createFile(dir.resolve("app.jar"));
    FileSystemSource source = new FileSystemSource(List.of(dir, jar, dir.resolve("gone.jar")));

    source.read(out);

    assertEquals(1, source.mounts().size(), source.mounts().toString());
    String segment = source.mounts().keySet().iterator().next();
    String prefix = "os.fs." + segment + ".";
    assertEquals(Files.getFileStore(dir), Files.getFileStore(Path.of(out.get(prefix + "mount"))));
    long total = Long.parseLong(out.get(prefix + "total_bytes"));
    long free = Long.parseLong(out.get(prefix + "free_bytes"));
    long used = Long.parseLong(out.get(prefix + "used_bytes"));
    assertTrue(total > 0 && free <= total && used <= total, out.toString());
    assertEquals(4, out.size(), out.toString());
  }
}
