package dev.hermes.agent.server;

import dev.hermes.agent.support.Log;
import java.util.ResourceBundle;

/**
 * The {@code System.Logger} that Hermes's private copy of the JDK's HTTP server gets instead of
 * {@code System.getLogger}, which from a non-JDK class loader initialises {@code java.util.logging}
 * at once: on the agent's thread, before the host could choose its own LogManager. It says nothing
 * unless {@code -Dhermes.debug=true}.
 */
public final class QuietLogger implements System.Logger {
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
    return Log.isDebug();
  }

  @Override
  public void log(Level level, ResourceBundle bundle, String message, Throwable thrown) {
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
