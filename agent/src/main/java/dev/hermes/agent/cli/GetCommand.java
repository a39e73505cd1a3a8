package dev.hermes.agent.cli;

import java.util.List;
import java.util.Set;

/** {@code get <url> [prefix] [--json]}: the endpoint's answer, byte for byte. */
final class GetCommand implements Command {
  private final StatusClient client;

  GetCommand(StatusClient client) {
    this.client = client;
  }

  @Override
  public String help() {
    return "Usage: java -jar hermes.jar get <url> [prefix] [--json]\n"
        + "\n"
        + "Prints the keys at url (a bare port means 127.0.0.1) exactly as the endpoint\n"
        + "serves them: 'key: value' lines, or JSON with --json. With a prefix, only keys\n"
        + "starting with it, e.g. worker1/ for one child's subtree.\n"
        + StatusClient.SECRET_HELP
        + "\n"
        + "Exit codes: 0 printed, 1 the endpoint could not be read, 2 usage error.\n";
  }

  @Override
  public int run(List<String> raw, Terminal terminal) throws UsageException, CommandException {
    Args args = Args.parse("get", raw, Set.of("--json"), 2);
    if (args.words.isEmpty()) {
      throw new UsageException("get needs a url, e.g. 'java -jar hermes.jar get 9091'");
    }
    String base = Urls.base(args.words.get(0));
    String type = args.flags.contains("--json") ? "json" : "text";
    byte[] body = client.status(base, type, args.word(1, ""));
    terminal.out.write(body, 0, body.length);
    terminal.out.flush();
    return Main.OK;
  }
}
