package dev.hermes.jmx;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code jvm.gc.<collector>.count} and {@code .time_ms} for each collector, its name sanitised by
 * {@link KeySanitizer}: "G1 Young Generation" is {@code jvm.gc.G1_Young_Generation.count}.
 */
final class GcSource implements Source {
  private final Supplier<List<GarbageCollectorMXBean>> collectors;

  GcSource(Supplier<List<GarbageCollectorMXBean>> collectors) {
    this.collectors = collectors;
  }

  @Override
  public void read(Map<String, String> out) {
    for (GarbageCollectorMXBean collector : collectors.get()) {
      String prefix = "jvm.gc." + KeySanitizer.segment(collector.getName()) + ".";
      // -1 means the collector does not keep that figure.
      long count = collector.getCollectionCount();
      if (count >= 0) {
        out.put(prefix + "count", Long.toString(count));
      }
      long time = collector.getCollectionTime();
      if (time >= 0) {
        out.put(prefix + "time_ms", Long.toString(time));
      }
    }
  }

  /** The platform's collectors (a class, not a method reference: see {@code JmxBridge}). */
  static final class Platform implements Supplier<List<GarbageCollectorMXBean>> {
    @Override
    public List<GarbageCollectorMXBean> get() {
      return ManagementFactory.getGarbageCollectorMXBeans();
    }
  }
}
