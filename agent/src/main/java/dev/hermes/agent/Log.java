package dev.hermes.agent;

/**
 * The agent's only output: one line on stderr prefixed {@code [hermes]}, never stdout, never the
 * host's loggers (initialising JUL from an agent can deadlock the host's start-up or pre-empt its
 * choice of LogManager). Debug lines only with {@code -Dhermes.debug=true}.
 *
 * <p>{@code Log.warn("port 9091 is in use; endpoint not started")}
 */
public final class Log {
  private static final boolean DEBUG = Boolean.getBoolean("hermes.debug");

  private Log() {}

  /** Something the operator should know: one line, no stack trace. */
  public static void warn(String message) {
    System.err.println("[hermes] " + message);
  }

  /** An unexpected failure: one line naming the cause; the trace only in debug mode. */
  public static void error(String message, Throwable cause) {
    System.err.println("[hermes] " + message + ": " + describe(cause));
    if (DEBUG) {
      cause.printStackTrace();
    }
  }

  /** Detail for developers, printed only with {@code -Dhermes.debug=true}. */
  public static void debug(String message) {
    if (DEBUG) {
      System.err.println("[hermes] debug: " + message);
    }
  }

  /** Whether debug output is on. */
  public static boolean isDebug() {
    return DEBUG;
  }

  static String describe(Throwable t) {
    String message = t.getMessage();
    return message == null ? t.getClass().getName() : t.getClass().getSimpleName() + ": " + message;
  }
}
