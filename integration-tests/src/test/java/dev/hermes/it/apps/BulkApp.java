package dev.hermes.it.apps;

import dev.hermes.api.Hermes;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A node that holds a lot, driven by its arguments, in order:
 *
 * <ul>
 *   <li>{@code key=K=V}: reports K as V;
 *   <li>{@code bulk=PREFIX,COUNT,CHARS}: reports {@code PREFIX.0} ... {@code PREFIX.<COUNT-1>},
 *       each a value of CHARS characters ({@code <i>:} then {@code x}s);
 *   <li>{@code long=LENGTH,V}: reports a key of LENGTH {@code k}s as V;
 *   <li>{@code count=K,MILLIS}: reports K as 1, 2, 3... every MILLIS;
 *   <li>{@code child=NAME,ARGS}: starts a BulkApp child named NAME (HERMES_NAME) with ARGS joined
 *       by {@code +} (a grandchild's by {@code ~});
 *   <li>{@code lifetime=MILLIS}: outlives its parent, but no longer than MILLIS.
 * </ul>
 *
 * Then it reports {@code role.ready=yes} and lives until the parent that started it dies.
 */
public final class BulkApp {
  private BulkApp() {}

  public static void main(String[] args) throws Exception {
    List<Process> children = new ArrayList<>();
    long lifetime = 0;
    for (String arg : args) {
      int eq = arg.indexOf('=');
      String op = arg.substring(0, eq);
      String value = arg.substring(eq + 1);
      switch (op) {
        case "key":
          int eq2 = value.indexOf('=');
          Hermes.report(value.substring(0, eq2), value.substring(eq2 + 1));
          break;
        case "bulk":
          String[] bulk = value.split(",");
          int count = Integer.parseInt(bulk[1]);
          int chars = Integer.parseInt(bulk[2]);
          for (int i = 0; i < count; i++) {
            String head = i + ":";
            Hermes.report(bulk[0] + "." + i, head + "x".repeat(chars - head.length()));
          }
          break;
        case "long":
          String[] lengthAndValue = value.split(",", 2);
          Hermes.report("k".repeat(Integer.parseInt(lengthAndValue[0])), lengthAndValue[1]);
          break;
        case "count":
          String[] keyAndPeriod = value.split(",");
          Thread counter =
              new Thread(
                  () -> {
                    try {
                      for (long n = 1; ; n++) {
                        Hermes.report(keyAndPeriod[0], Long.toString(n));
                        Thread.sleep(Long.parseLong(keyAndPeriod[1]));
                      }
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    }
                  });
          counter.setDaemon(true);
          counter.start();
          break;
        case "child":
          children.add(child(value));
          break;
        case "lifetime":
          lifetime = Long.parseLong(value);
          break;
        default:
          throw new IllegalArgumentException("unknown op " + op);
      }
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> children.forEach(Process::destroy)));
    Hermes.report("role.ready", "yes");
    if (lifetime > 0) {
      Thread.sleep(lifetime);
      return;
    }
    ProcessHandle parent = ProcessHandle.current().parent().orElseThrow();
    while (parent.isAlive()) {
      Thread.sleep(200);
    }
  }

  private static Process child(String spec) throws Exception {
    String[] parts = spec.split(",", 2);
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(BulkApp.class.getName());
    if (parts.length > 1 && !parts[1].isEmpty()) {
      for (String arg : parts[1].split("\\+")) {
        command.add(arg.replace('~', '+'));
      }
    }
    ProcessBuilder pb = new ProcessBuilder(command);
    if (!parts[0].equals("-")) {
      pb.environment().put("HERMES_NAME", parts[0]);
    }
    return pb.inheritIO().start();
  }
}
