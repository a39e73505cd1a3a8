package dev.hermes.agent.tree;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChildResourcesTest {
  private static final long S = 1_000_000_000L;

  // A real line: the command holds a space and a parenthesis.
  static final String STAT =
      "4242 (my (odd) app) S 1 4242 4242 0 -1 4194560 1000 0 0 0 250 130 0 0 20 0 12 0 "
          + "987654 3000000000 5120 18446744073709551615 1 1 0 0 0 0 0 4096 17663 0 0 0 17 1 0 0"
          + " 0 0 0\n";

  @Test
  void procStatGivesCpuFromTicksAndRssFromPages() {
    ProcessStats.Reading r = ProcessStats.Proc.parse(STAT, 4096);
    assertEquals((250 + 130) * 10_000_000L, r.cpuNanos);
    assertEquals(5120L * 4096, r.rssBytes);
    assertEquals(987654, r.started);
    assertNull(ProcessStats.Proc.parse("garbage", 4096));
    assertNull(ProcessStats.Proc.parse("1 (x) S 1 2", 4096));
  }

  @Test
  void procIsReadFromTheDirectoryAndAMissingPidIsNull(@TempDir Path proc) throws Exception {
    Files.createDirectories(proc.resolve("4242"));
    Files.writeString(proc.resolve("4242/stat"), STAT);
    ProcessStats stats = new ProcessStats.Proc(proc, 16384);
    assertEquals(5120L * 16384, stats.read(4242).rssBytes);
    assertNull(stats.read(4243));
  }

  @Test
  void thePageSizeIsThePowerOfTwoNearestTheRatio() {
    assertEquals(4096, ProcessStats.pageSize(1000, 4000));
    assertEquals(4096, ProcessStats.pageSize(1000, 4100));
    assertEquals(16384, ProcessStats.pageSize(1000, 15800));
    assertEquals(65536, ProcessStats.pageSize(100, 6400));
    assertEquals(4096, ProcessStats.pageSize(0, 10));
    assertEquals(
        123456, ProcessStats.vmRssKb("Name:\tjava\nVmPeak:\t 9 kB\nVmRSS:\t  123456 kB\nX: 1\n"));
  }

  @Test
  void thisHostReadsThisProcess() {
    ProcessStats.Reading r = ProcessStats.forThisHost().read(ProcessHandle.current().pid());
    assertNotNull(r);
    assertTrue(r.cpuNanos > 0, "a JVM running tests has used CPU");
    if (Files.isReadable(Path.of("/proc/self/stat"))) {
      // Resident: more than the 10 MiB any JVM touches, less than what it may reserve.
      assertTrue(r.rssBytes > 10L << 20, "rss " + r.rssBytes);
      assertTrue(r.rssBytes < Runtime.getRuntime().maxMemory() + (2L << 30), "rss " + r.rssBytes);
    }
    assertNull(ProcessStats.forThisHost().read(Integer.MAX_VALUE - 1));
  }

  @Test
  void thePageSizeHereIsOneOfLinuxs() {
    assumeTrue(Files.isReadable(Path.of("/proc/self/statm")));
    long size = ProcessStats.pageSize();
    assertTrue(size == 4096 || size == 16384 || size == 65536, "page size " + size);
  }

  @Test
  void cpuPercentIsOverAWindowOnceSampledThatLong() {
    ChildResources r = new ChildResources(1);
    r.add(0, 0);
    for (int t = 1; t < 10; t++) {
      r.add(t * S, t * S / 2); // half a processor
      assertTrue(Double.isNaN(r.percent(2)), "not a window yet at " + t);
    }
    r.add(10 * S, 5 * S);
    assertEquals(25.0, r.percent(2), 1e-9, "half of one of two processors");
    // Then it becomes busy: a whole processor for 10 s is all that the window shows.
    for (int t = 11; t <= 20; t++) {
      r.add(t * S, 5 * S + (t - 10) * S);
    }
    assertEquals(50.0, r.percent(2), 1e-9);
    assertEquals(100.0, r.percent(1), 1e-9);
  }

  @Test
  void samplesFarApartStillGiveAWindow() {
    ChildResources r = new ChildResources(1);
    r.add(0, 0);
    r.add(25 * S, 25 * S);
    assertEquals(100.0, r.percent(1), 1e-9, "over the 25 s between them");
  }

  @Test
  void figuresAreFormattedShort() {
    assertEquals("3.80", ChildResources.seconds(3_801_000_000L));
    assertEquals("0.00", ChildResources.seconds(0));
    assertEquals("12.3", ChildResources.percentText(12.345));
    assertEquals("0.0", ChildResources.percentText(0.01));
    assertEquals("100.0", ChildResources.percentText(100));
  }

  @Test
  void fixedPointTextIsWhatBigDecimalWrites() {
    long[] units = {0, 1, 5, 9, 10, 99, 100, 101, 1234, -1, -5, -99, -100, -1234, 123456789012L};
    for (long u : units) {
      for (int scale = 0; scale <= 3; scale++) {
        assertEquals(
            java.math.BigDecimal.valueOf(u, scale).toPlainString(),
            ChildResources.fixed(u, scale),
            u + " at scale " + scale);
      }
    }
  }
}
