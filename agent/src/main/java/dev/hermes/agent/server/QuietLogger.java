package dev.hermes.agent.server;

import dev.hermes.agent.support.Log;
import dev.hermes.agent.support.Privileges;
import java.util.ResourceBundle;

/**
 * The {@code System.Logger} that Hermes's private copy of the JDK's HTTP server gets instead of
 * {@code System.getLogger}, which from a non-JDK class loader initialises {@code java.util.logging}
 * at once: on the agent's thread, before the host could choose its own LogManager. It says nothing
 * unless {@code -Dhermes.debug=true}.
 */
public final class QuietLogger implements System.Logger {
  private static volatile boolean denied;

  private final String name;

  private QuietLogger(String name) {
    this.name = name;
  }

  /** Stands in for {@code System.getLogger(name)} in rewritten JDK classes. */
  public static System.Logger getLogger(String name) {
    return new QuietLogger(name);
  }

  @Override
  public String getName() {
    return name;
  }

  @Override
  public boolean isLoggable(Level level) {
    // Errors come through, to catch a SecurityManager's denial; they are printed only in debug.
    return Log.isDebug() || level.getSeverity() >= Level.WARNING.getSeverity();
  }

  @Override
  public void log(Level level, ResourceBundle bundle, String message, Throwable thrown) {
    if (thrown != null && Privileges.isDenial(thrown) && !denied) {
      // A SecurityManager installed by the app at run time: the server cannot accept or answer.
      denied = true;
      Log.warn(
          "a SecurityManager denies the status endpoint ("
              + Log.describe(thrown)
              + "); it cannot serve: grant hermes.jar java.security.AllPermission in the policy");
    }
    if (Log.isDebug()) {
      Log.debug(name + " " + level + ": " + message + (thrown == null ? "" : " " + thrown));
    }
  }

  @Override
  public void log(Level level, ResourceBundle bundle, String format, Object... params) {
    if (Log.isDebug()) {
      Log.debug(name + " " + level + ": " + format);
    }
  }
}
