package dev.hermes.agent.tree;

/**
 * What a child's name carries across restarts: how often a child of that name was started again
 * after one exited, how the last one ended, and whether it is in a crash loop. A new record that
 * takes the name of an exited one takes its history, one restart more.
 *
 * <p>The crash-loop rule: a name is in a crash loop while its last {@value #CRASH_LOOP_RESTARTS}
 * restarts all fell within the last {@value #CRASH_LOOP_SECONDS} seconds, each after a failed exit
 * (any but {@code exit 0}: a code, a signal, or unknown): systemd's start limit, in the spirit of
 * supervisord's "exited too quickly". A clean exit breaks the run, so a tool the app runs again and
 * again is no crash loop. It leaves the loop once one of those restarts is older than the window (a
 * minute without one at most), or with a restart after a clean exit. Guarded by the lock of the
 * {@link Child} that holds it.
 */
final class ChildHistory {
  static final int CRASH_LOOP_RESTARTS = 3;
  static final int CRASH_LOOP_SECONDS = 60;
  static final long CRASH_LOOP_NANOS = CRASH_LOOP_SECONDS * 1_000_000_000L;

  int restarts;

  /** The exit code of the previous child of this name, or null (none, or not known). */
  String lastExitCode;

  /** How the previous child of this name ended ({@link #reason}), or null for a first start. */
  String lastExitReason;

  /** When the previous child of this name exited, ISO-8601, or null. */
  String lastExitTime;

  /**
   * When the last restarts after a failed exit were, in nanoTime, newest first; {@link #failures}
   * of them, up to {@value #CRASH_LOOP_RESTARTS}, since the last clean exit.
   */
  private final long[] recent = new long[CRASH_LOOP_RESTARTS];

  private int failures;

  /** The history of a child that takes the name of {@code exited}, started again at {@code now}. */
  static ChildHistory after(
      ChildHistory exited, String code, String reason, String time, long now) {
    ChildHistory next = new ChildHistory();
    next.restarts = exited.restarts + 1;
    next.lastExitCode = code;
    next.lastExitReason = reason;
    next.lastExitTime = time;
    if (!"0".equals(code)) {
      System.arraycopy(exited.recent, 0, next.recent, 1, CRASH_LOOP_RESTARTS - 1);
      next.recent[0] = now;
      next.failures = Math.min(CRASH_LOOP_RESTARTS, exited.failures + 1);
    }
    return next;
  }

  /** Whether the name is in a crash loop at {@code now}. */
  boolean crashLoop(long now) {
    if (failures < CRASH_LOOP_RESTARTS) {
      return false;
    }
    // The oldest of the last few restarts, within the window: so are all the others.
    return now - recent[CRASH_LOOP_RESTARTS - 1] < CRASH_LOOP_NANOS;
  }

  /**
   * How a process that ended with {@code exitCode} ended: {@code exit 3}, or on Unix, for a code of
   * 129 to 192 (the JDK's 128 + the signal of a killed process, as shells report it), {@code signal
   * 9 (SIGKILL)}. A process that called {@code exit(137)} itself reads the same: the JDK does not
   * tell them apart.
   */
  static String reason(int exitCode, boolean unix) {
    if (unix && exitCode > 128 && exitCode <= 128 + 64) {
      int signal = exitCode - 128;
      String name = signalName(signal);
      return name == null ? "signal " + signal : "signal " + signal + " (" + name + ")";
    }
    return "exit " + exitCode;
  }

  /** The name of a signal whose number is the same on Linux, macOS and the BSDs, or null. */
  static String signalName(int signal) {
    switch (signal) {
      case 1:
        return "SIGHUP";
      case 2:
        return "SIGINT";
      case 3:
        return "SIGQUIT";
      case 4:
        return "SIGILL";
      case 5:
        return "SIGTRAP";
      case 6:
        return "SIGABRT";
      case 8:
        return "SIGFPE";
      case 9:
        return "SIGKILL";
      case 11:
        return "SIGSEGV";
      case 13:
        return "SIGPIPE";
      case 14:
        return "SIGALRM";
      case 15:
        return "SIGTERM";
      default:
        return null;
    }
  }
}
