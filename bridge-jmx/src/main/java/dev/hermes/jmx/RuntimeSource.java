package dev.hermes.jmx;

import java.lang.management.ClassLoadingMXBean;
import java.lang.management.RuntimeMXBean;
import java.util.Map;

/** {@code jvm.classes.loaded} (loaded now) and {@code process.uptime_ms}. */
final class RuntimeSource implements Source {
  private final RuntimeMXBean runtime;
  private final ClassLoadingMXBean classes;

  RuntimeSource(RuntimeMXBean runtime, ClassLoadingMXBean classes) {
    this.runtime = runtime;
    this.classes = classes;
  }

  @Override
  public void read(Map<String, String> out) {
    out.put("jvm.classes.loaded", Integer.toString(classes.getLoadedClassCount()));
    out.put("process.uptime_ms", Long.toString(runtime.getUptime()));
  }
}
