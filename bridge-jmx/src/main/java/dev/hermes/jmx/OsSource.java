package dev.hermes.jmx;

import java.lang.management.OperatingSystemMXBean;
import java.util.Map;

/**
 * {@code os.load_average_1m}, {@code os.cpus}, and {@code process.fds.open} and {@code .max} where
 * the OS tells; a figure the OS does not give is left out rather than written as -1.
 */
final class OsSource implements Source {
  private final OperatingSystemMXBean os;
  private final OsExtras extras;

  OsSource(OperatingSystemMXBean os) {
    this.os = os;
    this.extras = new OsExtras(os);
  }

  @Override
  public void read(Map<String, String> out) {
    double load = os.getSystemLoadAverage();
    if (load >= 0) {
      out.put("os.load_average_1m", decimal(load, 2));
    }
    out.put("os.cpus", Integer.toString(os.getAvailableProcessors()));
    long open = extras.openFileDescriptors();
    if (open >= 0) {
      out.put("process.fds.open", Long.toString(open));
    }
    long max = extras.maxFileDescriptors();
    if (max >= 0) {
      out.put("process.fds.max", Long.toString(max));
    }
  }

  static String decimal(double value, int scale) {
    return Decimals.fixed(value, scale);
  }
}
