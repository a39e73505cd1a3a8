package dev.hermes.agent.cli;

/** A well-formed command that failed (exit code 1): an unreachable URL, an unknown pid. */
final class CommandException extends Exception {
  private static final long serialVersionUID = 1L;

  CommandException(String message) {
    super(message);
  }
}
