package dev.hermes.jmx;

import java.lang.management.OperatingSystemMXBean;
import java.util.Map;

/**
 * {@code process.cpu.percent_1m} and {@code os.cpu.percent_1m}: this process's and the system's CPU
 * use over the last minute, as a percentage of all processors; absent for the first minute.
 */
final class CpuSource implements Source {
  private final OperatingSystemMXBean os;
  private final OsExtras extras;
  private final CpuWindow window;

  CpuSource(OperatingSystemMXBean os, long intervalNanos) {
    this.os = os;
    this.extras = new OsExtras(os);
    this.window = new CpuWindow(intervalNanos);
  }

  @Override
  public void read(Map<String, String> out) {
    window.add(System.nanoTime(), extras.processCpuTimeNanos(), extras.systemCpuLoad());
    double process = window.processPercent(os.getAvailableProcessors());
    if (!Double.isNaN(process)) {
      out.put("process.cpu.percent_1m", OsSource.decimal(process, 1));
    }
    double system = window.systemPercent();
    if (!Double.isNaN(system)) {
      out.put("os.cpu.percent_1m", OsSource.decimal(system, 1));
    }
  }
}
