package dev.hermes.agent.support;

import java.io.File;
import java.io.IOException;

/**
 * This process's id, cheaply: {@code ProcessHandle.current()} initialises the JDK's process
 * machinery (a reaper thread pool, the JVM's first lambdas: milliseconds on the premain thread of
 * every JVM), so where {@code /proc/self} names the process (Linux) the id is read from there.
 */
public final class Pid {
  private Pid() {}

  /** The id of this process. */
  public static long current() {
    try {
      return Long.parseLong(new File("/proc/self").getCanonicalFile().getName());
    } catch (IOException | NumberFormatException | SecurityException noProc) {
      return ProcessHandle.current().pid();
    }
  }
}
