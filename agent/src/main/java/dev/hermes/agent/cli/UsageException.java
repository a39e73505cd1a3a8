package dev.hermes.agent.cli;

/** The command line itself is wrong (exit code 2): an unknown command or option, a missing pid. */
final class UsageException extends Exception {
  private static final long serialVersionUID = 1L;

  UsageException(String message) {
    super(message);
  }
}
