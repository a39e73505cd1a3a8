package dev.hermes.agent.support;

import java.security.AccessController;
import java.security.AllPermission;
import java.security.PrivilegedAction;

/**
 * Living with a SecurityManager (JDK 23 and earlier). The agent runs only where the policy grants
 * hermes.jar {@code AllPermission}; work that host threads call into (the spawn hook) runs with the
 * agent's own permissions, so that a restricted caller on the stack does not fail it. Without a
 * SecurityManager these cost one null check.
 *
 * <p>{@code String why = Privileges.denied(); if (why != null) Log.warn(why);}
 */
@SuppressWarnings({"removal", "deprecation"})
public final class Privileges {
  private Privileges() {}

  /**
   * Null when the agent may run here: no SecurityManager, or one whose policy grants hermes.jar
   * {@code AllPermission}; otherwise the reason, as a line for the operator.
   */
  public static String denied() {
    SecurityManager sm = System.getSecurityManager();
    if (sm == null) {
      return null;
    }
    try {
      AccessController.doPrivileged(new Check(sm));
      return null;
    } catch (SecurityException e) {
      return "a SecurityManager is installed and its policy does not grant hermes.jar"
          + " java.security.AllPermission (grant codeBase \"file:/path/to/hermes.jar\" {"
          + " permission java.security.AllPermission; };)";
    }
  }

  /** Runs {@code task} with the agent's own permissions rather than its caller's. */
  public static void run(Runnable task) {
    if (System.getSecurityManager() == null) {
      task.run();
    } else {
      AccessController.doPrivileged(new Action(task));
    }
  }

  /** Whether {@code t} or one of its causes is a SecurityException. */
  public static boolean isDenial(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof SecurityException) {
        return true;
      }
    }
    return false;
  }

  private static final class Check implements PrivilegedAction<Void> {
    private final SecurityManager sm;

    Check(SecurityManager sm) {
      this.sm = sm;
    }

    @Override
    public Void run() {
      sm.checkPermission(new AllPermission());
      return null;
    }
  }

  private static final class Action implements PrivilegedAction<Void> {
    private final Runnable task;

    Action(Runnable task) {
      this.task = task;
    }

    @Override
    public Void run() {
      task.run();
      return null;
    }
  }
}
