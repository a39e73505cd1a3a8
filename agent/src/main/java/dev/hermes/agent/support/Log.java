package dev.hermes.agent.support;

/**
 * The agent's only output: one line on stderr prefixed {@code [hermes]}, never stdout, never the
 * host's loggers (initialising JUL from an agent can deadlock the host's start-up or pre-empt its
 * choice of LogManager). Debug lines only once the boot code has switched them on (from {@code
 * -Dhermes.debug=true}); this class reads no property itself.
 *
 * <p>{@code Log.warn("port 9091 is in use; endpoint not started")}
 */
public final class Log {
  private static volatile boolean debug;

  private Log() {}

  /** Turns debug lines and stack traces on or off. */
  public static void debugOn(boolean on) {
    debug = on;
  }

  /** Something the operator should know: one line, no stack trace. */
  public static void warn(String message) {
    System.err.println("[hermes] " + message);
  }

  /** An unexpected failure: one line naming the cause; the trace only in debug mode. */
  public static void error(String message, Throwable cause) {
    System.err.println("[hermes] " + message + ": " + describe(cause));
    if (debug) {
      cause.printStackTrace();
    }
  }

  /** Detail for developers, printed only in debug mode. */
  public static void debug(String message) {
    if (debug) {
      System.err.println("[hermes] debug: " + message);
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
