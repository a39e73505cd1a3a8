package dev.hermes.jmx;

import java.lang.management.OperatingSystemMXBean;
import java.lang.reflect.Method;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The figures only {@code com.sun.management}'s OS beans give (process CPU time, system CPU load,
 * file descriptors, the machine's memory), read reflectively: this module may not require {@code
 * jdk.management}, which a JVM may lack. Each reads -1 where the bean does not tell.
 */
final class OsExtras {
  private static final String HOTSPOT_OS = "com.sun.management.OperatingSystemMXBean";
  private static final String UNIX_OS = "com.sun.management.UnixOperatingSystemMXBean";

  private final OperatingSystemMXBean os;
  private final Method processCpuTime;
  private final Method cpuLoad;
  private final Method openFds;
  private final Method maxFds;
  private final Method totalMemory;
  private final Method freeMemory;

  OsExtras(OperatingSystemMXBean os) {
    this.os = os;
    Class<?> hotspot = publicInterface(os, HOTSPOT_OS);
    Class<?> unix = publicInterface(os, UNIX_OS);
    this.processCpuTime = method(hotspot, "getProcessCpuTime");
    // getCpuLoad is JDK 14+; getSystemCpuLoad, deprecated since, is the same figure before it.
    Method load = method(hotspot, "getCpuLoad");
    this.cpuLoad = load != null ? load : method(hotspot, "getSystemCpuLoad");
    this.openFds = method(unix, "getOpenFileDescriptorCount");
    this.maxFds = method(unix, "getMaxFileDescriptorCount");
    // getTotalMemorySize and getFreeMemorySize are JDK 14+; the *PhysicalMemorySize ones before.
    Method total = method(hotspot, "getTotalMemorySize");
    this.totalMemory = total != null ? total : method(hotspot, "getTotalPhysicalMemorySize");
    Method free = method(hotspot, "getFreeMemorySize");
    this.freeMemory = free != null ? free : method(hotspot, "getFreePhysicalMemorySize");
  }

  /** CPU time used by this process, in nanoseconds. */
  long processCpuTimeNanos() {
    return (long) number(processCpuTime);
  }

  /** Recent CPU load of the whole system, 0.0 to 1.0. */
  double systemCpuLoad() {
    return number(cpuLoad);
  }

  /** The machine's memory, in bytes. */
  long totalMemory() {
    return (long) number(totalMemory);
  }

  /** The machine's free memory, in bytes. */
  long freeMemory() {
    return (long) number(freeMemory);
  }

  long openFileDescriptors() {
    return (long) number(openFds);
  }

  long maxFileDescriptors() {
    return (long) number(maxFds);
  }

  private double number(Method method) {
    if (method == null) {
      return -1;
    }
    try {
      Object value = method.invoke(os);
      return value instanceof Number ? ((Number) value).doubleValue() : -1;
    } catch (ReflectiveOperationException | RuntimeException e) {
      return -1;
    }
  }

  // Looked up among the bean's own interfaces rather than by Class.forName, so it works whichever
  // loader holds this class, and the implementation class (not exported) is never touched.
  private static Class<?> publicInterface(Object bean, String name) {
    Deque<Class<?>> todo = new ArrayDeque<>();
    for (Class<?> c = bean.getClass(); c != null; c = c.getSuperclass()) {
      todo.add(c);
    }
    while (!todo.isEmpty()) {
      Class<?> c = todo.poll();
      if (c.isInterface() && c.getName().equals(name)) {
        return c;
      }
      for (Class<?> i : c.getInterfaces()) {
        todo.add(i);
      }
    }
    return null;
  }

  private static Method method(Class<?> type, String name) {
    if (type == null) {
      return null;
    }
    try {
      return type.getMethod(name);
    } catch (NoSuchMethodException | RuntimeException absent) {
      return null;
    }
  }
}
