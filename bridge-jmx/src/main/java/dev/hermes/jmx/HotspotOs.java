package dev.hermes.jmx;

import com.sun.management.UnixOperatingSystemMXBean;
import java.lang.management.OperatingSystemMXBean;

/**
 * {@code com.sun.management}'s OS bean, called directly; loaded by {@link OsExtras} only where
 * {@code jdk.management} is there. Each figure reads -1 where the bean does not tell or fails. The
 * JDK 11 names of the figures: on JDK 14 and later they return the same as the newer {@code
 * getCpuLoad}, {@code getTotalMemorySize} and {@code getFreeMemorySize}.
 */
final class HotspotOs {
  private final com.sun.management.OperatingSystemMXBean os;
  private final UnixOperatingSystemMXBean unix;

  private HotspotOs(com.sun.management.OperatingSystemMXBean os) {
    this.os = os;
    this.unix = os instanceof UnixOperatingSystemMXBean ? (UnixOperatingSystemMXBean) os : null;
  }

  /** The bean's extras, or null when it has none. */
  static HotspotOs of(OperatingSystemMXBean os) {
    return os instanceof com.sun.management.OperatingSystemMXBean
        ? new HotspotOs((com.sun.management.OperatingSystemMXBean) os)
        : null;
  }

  long processCpuTime() {
    try {
      return os.getProcessCpuTime();
    } catch (RuntimeException e) {
      return -1;
    }
  }

  double cpuLoad() {
    try {
      return os.getSystemCpuLoad();
    } catch (RuntimeException e) {
      return -1;
    }
  }

  long totalMemory() {
    try {
      return os.getTotalPhysicalMemorySize();
    } catch (RuntimeException e) {
      return -1;
    }
  }

  long freeMemory() {
    try {
      return os.getFreePhysicalMemorySize();
    } catch (RuntimeException e) {
      return -1;
    }
  }

  long openFileDescriptors() {
    try {
      return unix == null ? -1 : unix.getOpenFileDescriptorCount();
    } catch (RuntimeException e) {
      return -1;
    }
  }

  long maxFileDescriptors() {
    try {
      return unix == null ? -1 : unix.getMaxFileDescriptorCount();
    } catch (RuntimeException e) {
      return -1;
    }
  }
}
