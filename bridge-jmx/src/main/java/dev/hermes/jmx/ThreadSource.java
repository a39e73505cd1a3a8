package dev.hermes.jmx;

import java.lang.management.ThreadMXBean;
import java.util.Map;

/** {@code jvm.threads.live}, {@code .daemon}, {@code .peak} and {@code .deadlocked} (a count). */
final class ThreadSource implements Source {
  private final ThreadMXBean threads;

  ThreadSource(ThreadMXBean threads) {
    this.threads = threads;
  }

  @Override
  public void read(Map<String, String> out) {
    out.put("jvm.threads.live", Integer.toString(threads.getThreadCount()));
    out.put("jvm.threads.daemon", Integer.toString(threads.getDaemonThreadCount()));
    out.put("jvm.threads.peak", Integer.toString(threads.getPeakThreadCount()));
    out.put("jvm.threads.deadlocked", Integer.toString(deadlocked()));
  }

  private int deadlocked() {
    long[] ids;
    if (threads.isSynchronizerUsageSupported()) {
      ids = threads.findDeadlockedThreads();
    } else {
      ids = threads.findMonitorDeadlockedThreads();
    }
    return ids == null ? 0 : ids.length;
  }
}
