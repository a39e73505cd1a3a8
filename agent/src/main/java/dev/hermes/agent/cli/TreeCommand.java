package dev.hermes.agent.cli;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code tree [url] [--all] [--watch]}: the status tree, indented by child. */
final class TreeCommand implements Command {
  private static final String CLEAR_SCREEN = "\u001b[2J";
  private static final String HOME = "\u001b[H";
  private static final String ERASE_LINE_END = "\u001b[K";
  private static final String ERASE_BELOW = "\u001b[J";

  private final StatusClient client;
  private final long periodMillis;
  private final int frames;

  TreeCommand(StatusClient client) {
    this(client, 1000, -1);
  }

  /** A command whose {@code --watch} shows {@code frames} trees (-1: until stopped). */
  TreeCommand(StatusClient client, long periodMillis, int frames) {
    this.client = client;
    this.periodMillis = periodMillis;
    this.frames = frames;
  }

  @Override
  public String help() {
    return "Usage: java -jar hermes.jar tree [url] [--all] [--watch]\n"
        + "\n"
        + "Shows the status tree at url (default "
        + Urls.DEFAULT
        + "; a bare port means\n"
        + "127.0.0.1): a line per JVM with, for a child, what its parent says of it (its\n"
        + "state and for how long, how it exited, a crash loop, its restarts and how the\n"
        + "last one before it ended, its CPU over 10 s and resident memory), its pid and\n"
        + "main class; then its keys, its children two spaces deeper. The keys every JVM\n"
        + "has (process.*, hermes.*, and the JMX bridge's jvm.* and os.*) are left out\n"
        + "unless --all is given. Values are escaped as in the text format.\n"
        + "\n"
        + "--watch shows the tree again every second until interrupted (Ctrl-C): redrawn in\n"
        + "place on a terminal, one tree after another, a blank line between, otherwise.\n"
        + "An endpoint that cannot be read is said in place of the tree, and tried again.\n"
        + "\n"
        + "Colour is used only on a terminal, and never with NO_COLOR set or TERM=dumb.\n"
        + StatusClient.SECRET_HELP
        + "\n"
        + "Exit codes: 0 shown, 1 the endpoint could not be read, 2 usage error.\n";
  }

  @Override
  public int run(List<String> raw, Terminal terminal) throws UsageException, CommandException {
    Args args = Args.parse("tree", raw, Set.of("--all", "--watch"), 1);
    String base = Urls.base(args.word(0, Urls.DEFAULT));
    boolean all = args.flags.contains("--all");
    if (!args.flags.contains("--watch")) {
      terminal.out.print(tree(base, all, terminal));
      terminal.out.flush();
      return Main.OK;
    }
    for (int frame = 0; frames < 0 || frame < frames; frame++) {
      if (frame > 0) {
        try {
          Thread.sleep(periodMillis);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return Main.OK;
        }
      }
      String shown;
      try {
        shown = tree(base, all, terminal);
      } catch (CommandException e) {
        shown = "hermes: " + e.getMessage() + "\n";
      }
      if (terminal.interactive) {
        // Over the previous tree, each line cleared to its end, and what is left below it.
        terminal.out.print((frame == 0 ? CLEAR_SCREEN : "") + HOME);
        terminal.out.print(shown.replace("\n", ERASE_LINE_END + "\n"));
        terminal.out.print(ERASE_BELOW);
      } else {
        terminal.out.print(frame == 0 ? shown : "\n" + shown);
      }
      terminal.out.flush();
    }
    return Main.OK;
  }

  private String tree(String base, boolean all, Terminal terminal) throws CommandException {
    Map<String, Double> ages = new HashMap<>();
    Map<String, String> keys = SnapshotJson.values(client.status(base, "json", ""), base, ages);
    return new TreeView(all, terminal.colour).render(base, keys, ages);
  }
}
