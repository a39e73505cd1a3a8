package dev.hermes.agent.cli;

import com.sun.tools.attach.VirtualMachine;
import com.sun.tools.attach.VirtualMachineDescriptor;
import dev.hermes.agent.config.Contract;
import dev.hermes.agent.support.Commands;
import dev.hermes.agent.support.Daemons;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The local JVMs the Attach API sees (this user's, with attach and perf data on), and what their
 * system properties say of Hermes: {@code hermes.agent} (its version) and {@code hermes.url}.
 */
final class LocalJvms {
  static final String MARKER = Contract.MARKER_PROPERTY;
  static final String URL = Contract.URL_PROPERTY;

  private LocalJvms() {}

  /** One JVM: its pid, main class or jar, and Hermes's version and URL (null when absent). */
  static final class Jvm {
    final long pid;
    final String name;
    final String version;
    final String url;
    final String problem;

    Jvm(long pid, String name, Properties properties, String problem) {
      this.pid = pid;
      this.name = name;
      this.version = properties == null ? null : properties.getProperty(MARKER);
      this.url = properties == null ? null : properties.getProperty(URL);
      this.problem = problem;
    }
  }

  /**
   * Every attachable JVM but this one, asked in parallel; one that does not answer in time has a
   * problem.
   */
  static List<Jvm> list(long timeoutMillis) {
    long self = ProcessHandle.current().pid();
    Map<VirtualMachineDescriptor, Future<Properties>> asked = new LinkedHashMap<>();
    ExecutorService pool = Executors.newFixedThreadPool(8, Daemons.factory("hermes-list", false));
    try {
      for (VirtualMachineDescriptor d : VirtualMachine.list()) {
        if (!d.id().equals(Long.toString(self))) {
          asked.put(d, pool.submit(() -> properties(d.id())));
        }
      }
      long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
      List<Jvm> jvms = new ArrayList<>();
      for (Map.Entry<VirtualMachineDescriptor, Future<Properties>> e : asked.entrySet()) {
        long pid = Long.parseLong(e.getKey().id());
        String name = firstWord(e.getKey().displayName());
        try {
          long left = Math.max(0, deadline - System.nanoTime());
          jvms.add(new Jvm(pid, name, e.getValue().get(left, TimeUnit.NANOSECONDS), null));
        } catch (TimeoutException t) {
          jvms.add(new Jvm(pid, name, null, "did not answer"));
        } catch (ExecutionException x) {
          jvms.add(new Jvm(pid, name, null, String.valueOf(x.getCause().getMessage())));
        } catch (InterruptedException x) {
          Thread.currentThread().interrupt();
          break;
        }
      }
      jvms.sort(Comparator.comparingLong(j -> j.pid));
      return jvms;
    } finally {
      pool.shutdownNow();
    }
  }

  /** Whether the Attach API lists {@code pid}: a JVM of this user that allows attach. */
  static boolean isAttachable(long pid) {
    String id = Long.toString(pid);
    for (VirtualMachineDescriptor d : VirtualMachine.list()) {
      if (d.id().equals(id)) {
        return true;
      }
    }
    return false;
  }

  /** Whether {@code pid} has perf data, i.e. is a JVM, whether or not it allows attach. */
  static boolean hasPerfData(long pid) {
    Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(tmp, "hsperfdata_*")) {
      for (Path dir : dirs) {
        if (Files.exists(dir.resolve(Long.toString(pid)))) {
          return true;
        }
      }
    } catch (IOException | RuntimeException e) {
      return false;
    }
    return false;
  }

  static Properties properties(String pid) throws Exception {
    VirtualMachine vm = VirtualMachine.attach(pid);
    try {
      return vm.getSystemProperties();
    } finally {
      vm.detach();
    }
  }

  /** The main class or jar: the first word of a JVM's command line, or "-". */
  static String firstWord(String command) {
    String main = Commands.firstWord(command);
    return main == null ? "-" : main;
  }
}
