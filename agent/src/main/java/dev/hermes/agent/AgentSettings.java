package dev.hermes.agent;

import java.util.List;

/**
 * The names of the agent's settings, for tools that check an option string before handing it to a
 * JVM: {@code AgentSettings.names().contains("port")}.
 */
public final class AgentSettings {
  private AgentSettings() {}

  /** Every setting {@code -javaagent:hermes.jar=...} accepts, e.g. port, bind, name. */
  public static List<String> names() {
    return AgentArgs.SETTINGS;
  }
}
