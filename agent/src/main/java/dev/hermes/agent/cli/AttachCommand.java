package dev.hermes.agent.cli;

import com.sun.tools.attach.AgentInitializationException;
import com.sun.tools.attach.AgentLoadException;
import com.sun.tools.attach.AttachNotSupportedException;
import com.sun.tools.attach.VirtualMachine;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.Set;

/** {@code attach <pid> [options]}: loads the agent into a running JVM, as {@code -javaagent}. */
final class AttachCommand implements Command {
  private static final long WAIT_MILLIS = 10_000;

  private final Path jar;

  /** {@code jar} is hermes.jar itself, or null when this code does not run from it. */
  AttachCommand(Path jar) {
    this.jar = jar;
  }

  @Override
  public String help() {
    return "Usage: java -jar hermes.jar attach <pid> [options]\n"
        + "\n"
        + "Loads the agent into the running JVM <pid>. It then behaves exactly as if started\n"
        + "with -javaagent:hermes.jar=<options>: the same settings (e.g. port=0,name=batch),\n"
        + "its endpoint, and the agent in every child JVM it starts from then on. Relative\n"
        + "secretFile=, tls= and jmx= paths are taken from this directory. Waits up to 10 s\n"
        + "for the endpoint and prints its URL. A JVM that already runs Hermes says so and\n"
        + "is left alone: an agent loads once per JVM, so restart it to change settings.\n"
        + "\n"
        + "The JVM must be this user's. JDK 21 and later print a warning on its stderr when an\n"
        + "agent is loaded at run time, unless it runs with -XX:+EnableDynamicAgentLoading;\n"
        + "one started with -XX:+DisableAttachMechanism or -XX:-EnableDynamicAgentLoading\n"
        + "refuses. Attach needs a JDK (the jdk.attach module), not a bare JRE.\n"
        + "\n"
        + "Exit codes: 0 attached or already running Hermes, 1 no such JVM, attach refused or\n"
        + "the endpoint did not start (the JVM's stderr has a [hermes] line saying why),\n"
        + "2 usage error (a pid that is not a number, an unknown setting).\n";
  }

  @Override
  public int run(List<String> raw, Terminal terminal) throws UsageException, CommandException {
    Args args = Args.parse("attach", raw, Set.of(), 2);
    if (args.words.isEmpty()) {
      throw new UsageException(
          "attach needs a pid, e.g. 'java -jar hermes.jar attach 4242 port=0'; 'jps' or"
              + " 'java -jar hermes.jar list --all' shows them");
    }
    long pid = parsePid(args.words.get(0));
    String options = AttachOptions.check(args.word(1, ""), Path.of("").toAbsolutePath());
    if (jar == null) {
      throw new CommandException("attach must run from hermes.jar: java -jar hermes.jar attach");
    }
    requireAttachable(pid);
    VirtualMachine vm;
    try {
      vm = VirtualMachine.attach(Long.toString(pid));
    } catch (AttachNotSupportedException | IOException e) {
      throw new CommandException("cannot attach to JVM " + pid + ": " + e.getMessage());
    }
    try {
      Properties before = vm.getSystemProperties();
      String version = before.getProperty(LocalJvms.MARKER);
      if (version != null) {
        return alreadyThere(pid, version, before.getProperty(LocalJvms.URL), terminal);
      }
      load(vm, pid, options);
      String url = awaitUrl(vm);
      if (url == null) {
        throw new CommandException(
            "Hermes was loaded into JVM "
                + pid
                + " but its endpoint did not start within "
                + WAIT_MILLIS / 1000
                + " s; that JVM's stderr has a [hermes] line saying why");
      }
      terminal.out.println(
          "Hermes "
              + vm.getSystemProperties().getProperty(LocalJvms.MARKER, "")
              + " attached to JVM "
              + pid
              + ": "
              + url);
      return Main.OK;
    } catch (IOException e) {
      throw new CommandException("lost JVM " + pid + " while attaching: " + e.getMessage());
    } finally {
      try {
        vm.detach();
      } catch (IOException ignored) {
        // Detaching from a JVM that went away changes nothing.
      }
    }
  }

  private static long parsePid(String word) throws UsageException {
    try {
      long pid = Long.parseLong(word);
      if (pid > 0) {
        return pid;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new UsageException("invalid pid [" + word + "]: use a process id, e.g. 4242");
  }

  private static void requireAttachable(long pid) throws CommandException {
    if (pid == ProcessHandle.current().pid()) {
      throw new CommandException("pid " + pid + " is this command's own JVM");
    }
    if (ProcessHandle.of(pid).isEmpty()) {
      throw new CommandException("no process with pid " + pid);
    }
    // Never attach to what the Attach API does not list: for a process it cannot identify, the
    // JDK sends SIGQUIT, which ends a process that is not a JVM.
    if (LocalJvms.isAttachable(pid)) {
      return;
    }
    if (LocalJvms.hasPerfData(pid)) {
      throw new CommandException(
          "JVM " + pid + " forbids attach (it runs with -XX:+DisableAttachMechanism)");
    }
    throw new CommandException(
        "process "
            + pid
            + " is not a JVM this user can attach to: not Java, another user's, or started"
            + " with -XX:-UsePerfData");
  }

  private static int alreadyThere(long pid, String version, String url, Terminal terminal)
      throws CommandException {
    if (url == null) {
      throw new CommandException(
          "JVM "
              + pid
              + " already has Hermes "
              + version
              + " but its endpoint is not running (its stderr says why); it was left alone");
    }
    terminal.out.println(
        "JVM " + pid + " already runs Hermes " + version + ": " + url + "; left alone");
    return Main.OK;
  }

  private void load(VirtualMachine vm, long pid, String options)
      throws CommandException, IOException {
    try {
      vm.loadAgent(jar.toString(), options.isEmpty() ? null : options);
    } catch (AgentLoadException e) {
      // e.g. "Dynamic agent loading is not enabled" (-XX:-EnableDynamicAgentLoading)
      throw new CommandException("JVM " + pid + " refused the agent (" + e.getMessage() + ")");
    } catch (AgentInitializationException e) {
      throw new CommandException("the agent failed to start in JVM " + pid + ": " + e);
    }
  }

  private static String awaitUrl(VirtualMachine vm) throws IOException {
    long deadline = System.nanoTime() + WAIT_MILLIS * 1_000_000L;
    while (System.nanoTime() < deadline) {
      String url = vm.getSystemProperties().getProperty(LocalJvms.URL);
      if (url != null) {
        return url;
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return null;
      }
    }
    return null;
  }
}
