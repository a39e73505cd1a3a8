package dev.hermes.agent.cli;

import dev.hermes.agent.support.AgentJar;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The command line of hermes.jar: {@code java -jar hermes.jar tree http://127.0.0.1:9091}. It runs
 * in a JVM of its own, so unlike the agent it may exit with a code: 0 ok, 1 failure, 2 usage.
 */
public final class Main {
  static final int OK = 0;
  static final int FAILED = 1;
  static final int USAGE = 2;

  private Main() {}

  /** {@code java -jar hermes.jar <command> [args]}. */
  public static void main(String[] args) {
    System.exit(run(Arrays.asList(args), Terminal.system(), System.getenv()));
  }

  static int run(List<String> args, Terminal terminal, Map<String, String> env) {
    Map<String, Command> commands = commands(env);
    if (args.isEmpty()) {
      terminal.err.print(usage(commands));
      return USAGE;
    }
    String name = args.get(0);
    if (name.equals("--help") || name.equals("-h") || name.equals("help")) {
      terminal.out.print(usage(commands));
      return OK;
    }
    Command command = commands.get(name);
    if (command == null) {
      terminal.err.println(
          "hermes: unknown command [" + name + "]; see 'java -jar hermes.jar --help'");
      return USAGE;
    }
    List<String> rest = args.subList(1, args.size());
    if (rest.contains("--help") || rest.contains("-h")) {
      terminal.out.print(command.help());
      return OK;
    }
    try {
      return command.run(rest, terminal);
    } catch (UsageException e) {
      terminal.err.println("hermes: " + e.getMessage());
      return USAGE;
    } catch (CommandException e) {
      terminal.err.println("hermes: " + e.getMessage());
      return FAILED;
    } catch (NoClassDefFoundError e) {
      if (String.valueOf(e.getMessage()).contains("com/sun/tools/attach")) {
        terminal.err.println(
            "hermes: this Java runtime has no jdk.attach module; run hermes.jar with a full JDK");
        return FAILED;
      }
      throw e;
    }
  }

  private static Map<String, Command> commands(Map<String, String> env) {
    StatusClient client = new StatusClient(env);
    Map<String, Command> commands = new LinkedHashMap<>();
    commands.put("tree", new TreeCommand(client));
    commands.put("get", new GetCommand(client));
    commands.put("list", new ListCommand());
    commands.put("attach", new AttachCommand(AgentJar.jar()));
    return commands;
  }

  private static String usage(Map<String, Command> commands) {
    return "Usage: java -jar hermes.jar <command> [args]\n"
        + "\n"
        + "  tree [url] [--all]       the status tree, indented by child (default url "
        + Urls.DEFAULT
        + ")\n"
        + "  get <url> [prefix]       the keys as text, or JSON with --json\n"
        + "  list [--all]             local JVMs that run Hermes: pid, name and URL\n"
        + "  attach <pid> [options]   load the agent into a running JVM\n"
        + "\n"
        + "'java -jar hermes.jar <command> --help' tells more of each.\n"
        + "Exit codes: 0 ok, 1 failure (an unreachable URL, an unknown pid, attach refused),\n"
        + "2 usage error.\n"
        + "As an agent: java -javaagent:hermes.jar[=port=9091,...] -jar app.jar\n";
  }
}
