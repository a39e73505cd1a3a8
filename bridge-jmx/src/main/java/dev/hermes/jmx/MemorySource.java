package dev.hermes.jmx;

import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryUsage;
import java.util.Map;

/** {@code jvm.memory.heap.used} and the other heap and non-heap used/committed/max bytes. */
final class MemorySource implements Source {
  private final MemoryMXBean memory;

  MemorySource(MemoryMXBean memory) {
    this.memory = memory;
  }

  @Override
  public void read(Map<String, String> out) {
    put("jvm.memory.heap.", memory.getHeapMemoryUsage(), out);
    put("jvm.memory.nonheap.", memory.getNonHeapMemoryUsage(), out);
  }

  private static void put(String prefix, MemoryUsage usage, Map<String, String> out) {
    out.put(prefix + "used", Long.toString(usage.getUsed()));
    out.put(prefix + "committed", Long.toString(usage.getCommitted()));
    // -1 means undefined (non-heap usually is: Metaspace has no limit by default); say nothing.
    if (usage.getMax() >= 0) {
      out.put(prefix + "max", Long.toString(usage.getMax()));
    }
  }
}
