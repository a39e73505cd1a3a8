package dev.hermes.agent.cli;

import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code tree [url] [--all]}: the status tree, indented by child. */
final class TreeCommand implements Command {
  private final StatusClient client;

  TreeCommand(StatusClient client) {
    this.client = client;
  }

  @Override
  public String help() {
    return "Usage: java -jar hermes.jar tree [url] [--all]\n"
        + "\n"
        + "Shows the status tree at url (default "
        + Urls.DEFAULT
        + "; a bare port means\n"
        + "127.0.0.1): a line per JVM with its state as its parent sees it, its pid and main\n"
        + "class, then its keys, its children two spaces deeper. The keys every JVM has\n"
        + "(process.*, hermes.*, and the JMX bridge's jvm.* and os.*) are left out unless\n"
        + "--all is given. Values are escaped as in the text format.\n"
        + "\n"
        + "Colour is used only on a terminal, and never with NO_COLOR set or TERM=dumb.\n"
        + StatusClient.SECRET_HELP
        + "\n"
        + "Exit codes: 0 shown, 1 the endpoint could not be read, 2 usage error.\n";
  }

  @Override
  public int run(List<String> raw, Terminal terminal) throws UsageException, CommandException {
    Args args = Args.parse("tree", raw, Set.of("--all"), 1);
    String base = Urls.base(args.word(0, Urls.DEFAULT));
    Map<String, String> keys = SnapshotJson.values(client.status(base, "json", ""), base);
    terminal.out.print(
        new TreeView(args.flags.contains("--all"), terminal.colour).render(base, keys));
    terminal.out.flush();
    return Main.OK;
  }
}
