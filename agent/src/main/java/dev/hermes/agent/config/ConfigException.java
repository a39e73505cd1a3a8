package dev.hermes.agent.config;

/** A setting the agent cannot use; its message is the one line the operator sees. */
public final class ConfigException extends Exception {
  private static final long serialVersionUID = 1L;

  public ConfigException(String message) {
    super(message, null, false, false);
  }
}
