package dev.hermes.agent;

/** A setting the agent cannot use; its message is the one line the operator sees. */
final class ConfigException extends Exception {
  private static final long serialVersionUID = 1L;

  ConfigException(String message) {
    super(message, null, false, false);
  }
}
