package dev.hermes.agent.support;

/**
 * The agent's only output: one line on stderr prefixed {@code [hermes]}, never stdout, never the
 * host's loggers (initialising JUL from an agent can deadlock the host's start-up or pre-empt its
 * choice of LogManager). Debug lines only once the boot code has switched them on (from {@code
 * -Dhermes.debug=true}); this class reads no property itself.
 *
 * <p>Each line says which process it comes from, as parent and child JVMs often share a console:
 * {@code [hermes] pid 4242: ...}, and once the JVM has joined a parent, its name in the tree too:
 * {@code [hermes] pid 4242 (worker1): ...}.
 *
 * <p>{@code Log.warn("port 9091 is in use; endpoint not started")}
 */
public final class Log {
  private static volatile boolean debug;
  private static volatile boolean identified;
  private static volatile long pid = -1;
  private static volatile String prefix = "[hermes] ";

  private Log() {}

  /** Turns debug lines and stack traces on or off. */
  public static void debugOn(boolean on) {
    debug = on;
  }

  /**
   * From now on, lines name this process (the boot code calls it once the policy lets it read the
   * id); the id is read when the first line is written, so that a JVM that says nothing never reads
   * it.
   */
  public static void identify() {
    identified = true;
  }

  /** From now on, lines also carry this JVM's name in the tree, e.g. {@code worker1}. */
  public static void named(String name) {
    // A name may be 256 characters; a line's prefix stays short.
    String shown = name.length() > 40 ? name.substring(0, 40) + "..." : name;
    long id = pid();
    prefix = id < 0 ? "[hermes] (" + shown + "): " : "[hermes] pid " + id + " (" + shown + "): ";
  }

  /** What every line starts with now, e.g. {@code "[hermes] pid 4242 (worker1): "}. */
  public static String prefix() {
    pid();
    return prefix;
  }

  private static synchronized long pid() {
    if (identified && pid < 0) {
      identified = false; // read once, whatever comes of it
      try {
        pid = Pid.current();
        prefix = "[hermes] pid " + pid + ": ";
      } catch (RuntimeException denied) {
        // An app's thread under a SecurityManager that denies it: lines go without the pid.
      }
    }
    return pid;
  }

  /** Something the operator should know: one line, no stack trace. */
  public static void warn(String message) {
    System.err.println(prefix() + message);
  }

  /** An unexpected failure: one line naming the cause; the trace only in debug mode. */
  public static void error(String message, Throwable cause) {
    System.err.println(prefix() + message + ": " + describe(cause));
    if (debug) {
      cause.printStackTrace();
    }
  }

  /** Detail for developers, printed only in debug mode. */
  public static void debug(String message) {
    if (debug) {
      System.err.println(prefix() + "debug: " + message);
    }
  }

  /** Whether debug output is on. */
  public static boolean isDebug() {
    return debug;
  }

  /** A throwable in a few words: its simple class name and message. */
  public static String describe(Throwable t) {
    String message = t.getMessage();
    return message == null ? t.getClass().getName() : t.getClass().getSimpleName() + ": " + message;
  }
}
