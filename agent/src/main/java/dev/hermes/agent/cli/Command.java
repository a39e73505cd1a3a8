package dev.hermes.agent.cli;

import java.util.List;

/** One {@code java -jar hermes.jar <command>}: its help text and what it does. */
interface Command {
  /** The text {@code <command> --help} prints. */
  String help();

  /** Runs with the arguments after the command's name; returns the exit code. */
  int run(List<String> args, Terminal terminal) throws UsageException, CommandException;
}
