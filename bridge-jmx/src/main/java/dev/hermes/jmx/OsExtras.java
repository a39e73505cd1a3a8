package dev.hermes.jmx;

import java.lang.management.OperatingSystemMXBean;

/**
 * The figures only {@code com.sun.management}'s OS beans give (process CPU time, system CPU load,
 * file descriptors, the machine's memory). This module does not require {@code jdk.management},
 * which a JVM may lack: {@link HotspotOs}, which calls those beans, is loaded only where it is
 * there. Called directly, not by reflection: on JDK 18 and later each reflective call site spins
 * method-handle classes, a dozen in a JVM's first seconds. Each reads -1 where the bean does not
 * tell.
 */
final class OsExtras {
  private final HotspotOs hotspot;

  OsExtras(OperatingSystemMXBean os) {
    this.hotspot = hotspotOf(os);
  }

  /** CPU time used by this process, in nanoseconds. */
  long processCpuTimeNanos() {
    return hotspot == null ? -1 : hotspot.processCpuTime();
  }

  /** Recent CPU load of the whole system, 0.0 to 1.0. */
  double systemCpuLoad() {
    return hotspot == null ? -1 : hotspot.cpuLoad();
  }

  /** The machine's memory, in bytes. */
  long totalMemory() {
    return hotspot == null ? -1 : hotspot.totalMemory();
  }

  /** The machine's free memory, in bytes. */
  long freeMemory() {
    return hotspot == null ? -1 : hotspot.freeMemory();
  }

  long openFileDescriptors() {
    return hotspot == null ? -1 : hotspot.openFileDescriptors();
  }

  long maxFileDescriptors() {
    return hotspot == null ? -1 : hotspot.maxFileDescriptors();
  }

  private static HotspotOs hotspotOf(OperatingSystemMXBean os) {
    if (ModuleLayer.boot().findModule("jdk.management").isEmpty()) {
      return null;
    }
    try {
      return HotspotOs.of(os);
    } catch (LinkageError notReadable) {
      return null; // a layer where this module does not read jdk.management
    }
  }
}
