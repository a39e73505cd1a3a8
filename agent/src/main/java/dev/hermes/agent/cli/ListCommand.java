package dev.hermes.agent.cli;

import dev.hermes.agent.support.TextEscaping;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** {@code list [--all]}: the local JVMs that run Hermes, with pid, name and URL. */
final class ListCommand implements Command {
  private static final long TIMEOUT_MILLIS = 5000;

  @Override
  public String help() {
    return "Usage: java -jar hermes.jar list [--all]\n"
        + "\n"
        + "Lists the local JVMs that run the Hermes agent: pid, main class or jar, and the\n"
        + "endpoint's URL ('-' if its endpoint did not start). It asks each JVM for its\n"
        + "hermes.url system property through the Attach API, as jcmd does, so it sees the\n"
        + "JVMs of this user that allow attach; one started with -XX:+DisableAttachMechanism\n"
        + "or -XX:-UsePerfData is not seen. A JVM that does not answer within 5 s is skipped.\n"
        + "\n"
        + "  --all   list every JVM it sees, with '-' as the URL of those without Hermes\n"
        + "          and '?' for those that did not answer\n"
        + "\n"
        + "Exit codes: 0 listed (even if none runs Hermes), 1 the Attach API is missing\n"
        + "(a runtime without jdk.attach), 2 usage error.\n";
  }

  @Override
  public int run(List<String> raw, Terminal terminal) throws UsageException {
    Args args = Args.parse("list", raw, Set.of("--all"), 0);
    boolean all = args.flags.contains("--all");
    List<String[]> rows = new ArrayList<>();
    for (LocalJvms.Jvm jvm : LocalJvms.list(TIMEOUT_MILLIS)) {
      if (jvm.version != null || all) {
        String url = jvm.problem != null ? "?" : jvm.url == null ? "-" : jvm.url;
        rows.add(
            new String[] {
              Long.toString(jvm.pid), TextEscaping.escape(jvm.name), TextEscaping.escape(url)
            });
      }
    }
    if (rows.isEmpty()) {
      terminal.err.println(
          all ? "hermes: no local JVM was found" : "hermes: no local JVM runs Hermes (see --all)");
      return Main.OK;
    }
    int pidWidth = 3;
    int nameWidth = 4;
    for (String[] row : rows) {
      pidWidth = Math.max(pidWidth, row[0].length());
      nameWidth = Math.max(nameWidth, row[1].length());
    }
    String format = "%-" + pidWidth + "s  %-" + nameWidth + "s  %s%n";
    terminal.out.printf(format, "PID", "NAME", "URL");
    for (String[] row : rows) {
      terminal.out.printf(format, (Object[]) row);
    }
    terminal.out.flush();
    return Main.OK;
  }
}
