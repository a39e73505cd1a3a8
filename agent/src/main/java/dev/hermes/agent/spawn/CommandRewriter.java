package dev.hermes.agent.spawn;

import dev.hermes.agent.config.Contract;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Gives a child command the agent. A direct java launcher gets {@code -javaagent:<jar>} right after
 * the executable; anything else (a shell, a wrapper script) gets it in {@code JDK_JAVA_OPTIONS},
 * which only the {@code java} launcher reads: {@code javac}, {@code jar}, {@code keytool} and other
 * JDK tools never see it, unlike {@code JAVA_TOOL_OPTIONS}, which every JVM reads and announces on
 * stderr.
 */
final class CommandRewriter {
  static final String JDK_JAVA_OPTIONS = "JDK_JAVA_OPTIONS";
  // Launcher options that print and exit: such a JVM runs no app worth joining.
  private static final Set<String> INFO_OPTIONS =
      Set.of(
          "-version",
          "--version",
          "-help",
          "--help",
          "-h",
          "-?",
          "-X",
          "--help-extra",
          "--list-modules",
          "--dry-run");

  private CommandRewriter() {}

  /** Whether {@code program} names a java launcher, e.g. {@code /usr/bin/java} or {@code java}. */
  static boolean isJavaLauncher(String program) {
    String name = Path.of(program).getFileName().toString();
    return name.equals("java") || name.equals("java.exe") || name.equals("javaw.exe");
  }

  /** The launcher options that print and exit. */
  static Set<String> infoOptions() {
    return INFO_OPTIONS;
  }

  /**
   * The command to run, with the agent added where it is not already; {@code env} (the child's,
   * mutable) gets {@code JDK_JAVA_OPTIONS} for a command that is not a java launcher.
   */
  static List<String> rewrite(List<String> command, Map<String, String> env, Path agentJar) {
    return rewrite(command, env, agentJar, null);
  }

  /**
   * The same, with {@code shim} the directory of a {@code java} shim ({@link JavaShim}), or null. A
   * command that is not a java launcher (a shell, a start script) gets the shim first on its {@code
   * PATH}, which reaches every {@code java} it runs by name without a word on stderr; and {@code
   * JDK_JAVA_OPTIONS} too only where its environment sets {@code JAVA_HOME} or {@code JRE_HOME},
   * whose {@code bin/java} start scripts run by path, past the shim.
   */
  static List<String> rewrite(
      List<String> command, Map<String, String> env, Path agentJar, Path shim) {
    if (command.isEmpty() || mentionsAgent(env.get(JDK_JAVA_OPTIONS), agentJar)) {
      return command;
    }
    String option = Contract.javaagentOption(agentJar);
    if (isJavaLauncher(command.get(0))) {
      for (String arg : command) {
        if (INFO_OPTIONS.contains(arg) || isAgentOption(arg, agentJar)) {
          return command;
        }
      }
      List<String> rewritten = new ArrayList<>(command.size() + 1);
      rewritten.add(command.get(0));
      rewritten.add(option);
      rewritten.addAll(command.subList(1, command.size()));
      return rewritten;
    }
    if (shim != null) {
      String path = env.get("PATH");
      String bin = shim.toString();
      if (path == null || path.isEmpty()) {
        env.put("PATH", bin);
      } else if (!path.startsWith(bin + java.io.File.pathSeparator) && !path.equals(bin)) {
        env.put("PATH", bin + java.io.File.pathSeparator + path);
      }
      if (isBlank(env.get("JAVA_HOME"))
          && isBlank(env.get("JRE_HOME"))
          && !namesJavaByPath(command)) {
        return command;
      }
    }
    String existing = env.get(JDK_JAVA_OPTIONS);
    String quoted = agentJar.toString().indexOf(' ') >= 0 ? "\"" + option + "\"" : option;
    env.put(
        JDK_JAVA_OPTIONS,
        existing == null || existing.isBlank() ? quoted : existing + " " + quoted);
    return command;
  }

  /**
   * Whether {@code command}, as rewritten, with its environment {@code env}, starts a JVM with the
   * agent: a java launcher given it on its command line or in {@code JDK_JAVA_OPTIONS}, and no
   * option that only prints. Anything else may be a tool call ({@code tree.ToolCalls}).
   */
  static boolean startsAgentJvm(List<String> command, Map<String, String> env, Path agentJar) {
    if (command.isEmpty() || !isJavaLauncher(command.get(0))) {
      return false;
    }
    boolean agent = mentionsAgent(env.get(JDK_JAVA_OPTIONS), agentJar);
    for (String arg : command) {
      if (INFO_OPTIONS.contains(arg)) {
        return false;
      }
      agent = agent || isAgentOption(arg, agentJar);
    }
    return agent;
  }

  /**
   * Whether an argument runs a {@code java} by path, past the shim: {@code sh -c '/opt/jdk/bin/java
   * -jar app.jar'}.
   */
  static boolean namesJavaByPath(List<String> command) {
    for (String arg : command) {
      int at = arg.indexOf("/java");
      while (at >= 0) {
        int end = at + "/java".length();
        if (end == arg.length() || " \t\n'\";&|)".indexOf(arg.charAt(end)) >= 0) {
          return true;
        }
        at = arg.indexOf("/java", end);
      }
    }
    return false;
  }

  private static boolean isBlank(String value) {
    return value == null || value.isBlank();
  }

  private static boolean isAgentOption(String arg, Path agentJar) {
    String path = Contract.javaagentJar(arg);
    return path != null && sameJar(path, agentJar);
  }

  private static boolean mentionsAgent(String options, Path agentJar) {
    if (options == null) {
      return false;
    }
    for (String word : options.split("\\s+")) {
      if (isAgentOption(word.replace("\"", ""), agentJar)) {
        return true;
      }
    }
    return options.contains(Contract.javaagentOption(agentJar));
  }

  private static boolean sameJar(String path, Path agentJar) {
    try {
      Path p = Path.of(path);
      return p.toAbsolutePath().normalize().equals(agentJar)
          || (p.getFileName() != null && p.getFileName().equals(agentJar.getFileName()));
    } catch (RuntimeException invalidPath) {
      return false;
    }
  }
}
