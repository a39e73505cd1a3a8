package dev.hermes.it.apps;

import dev.hermes.api.Hermes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A chain of JVMs for event tests: {@code ChainApp DIR NAMES STEPS}. NAMES is a comma-separated
 * list of the descendants' names ({@code mid,leaf}) or {@code -} for the last link. A link with
 * descendants starts the next one once {@code DIR/spawn} exists. The last link reports {@code
 * ready=yes} and exits once {@code DIR/exit} exists; once {@code DIR/go} exists it sets {@code
 * step} to 1..STEPS, 200 ms apart, then sets and removes {@code gone}, sets {@code flash} with a
 * 300 ms ttl and reports {@code script=done}. Every link lives until its parent dies.
 */
public final class ChainApp {
  private ChainApp() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    String names = args[1];
    int steps = Integer.parseInt(args[2]);
    if (!names.equals("-")) {
      await(dir.resolve("spawn"));
      int comma = names.indexOf(',');
      String name = comma < 0 ? names : names.substring(0, comma);
      String rest = comma < 0 ? "-" : names.substring(comma + 1);
      ProcessBuilder pb =
          new ProcessBuilder(
              Path.of(System.getProperty("java.home"), "bin", "java").toString(),
              "-cp",
              System.getProperty("java.class.path"),
              ChainApp.class.getName(),
              args[0],
              rest,
              args[2]);
      pb.environment().put("HERMES_NAME", name);
      Process child = pb.inheritIO().start();
      Runtime.getRuntime().addShutdownHook(new Thread(child::destroy));
      liveWithParent();
      return;
    }
    Thread exiter =
        new Thread(
            () -> {
              try {
                await(dir.resolve("exit"));
                System.exit(0);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    exiter.setDaemon(true);
    exiter.start();
    Hermes.report("ready", "yes");
    await(dir.resolve("go"));
    for (int i = 1; i <= steps; i++) {
      Hermes.report("step", Integer.toString(i));
      Thread.sleep(200);
    }
    Hermes.report("gone", "soon");
    Thread.sleep(200);
    Hermes.remove("gone");
    Hermes.report("flash", "brief", Duration.ofMillis(300));
    Hermes.report("script", "done");
    liveWithParent();
  }

  private static void await(Path file) throws InterruptedException {
    while (!Files.exists(file)) {
      Thread.sleep(50);
    }
  }

  private static void liveWithParent() throws InterruptedException {
    while (ProcessHandle.current().parent().map(ProcessHandle::isAlive).orElse(false)) {
      Thread.sleep(200);
    }
  }
}
