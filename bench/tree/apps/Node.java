import dev.hermes.api.Hermes;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A JVM of the benchmark tree: {@code java Node root|mid|leaf|tick}. Every node reports {@code
 * node.keys} keys once ({@code k.000}...), {@code node.changing} keys ({@code c.0}...) again every
 * {@code node.changeMs}, then {@code role.ready=yes}. A {@code tick} node also reports {@code
 * tick=SEQ:EPOCH_MICROS} every {@code node.tickMs}; a {@code mid} node starts one {@code tick}
 * child named {@code g}. The {@code root} prints {@code url <hermes.url>} and reads commands on
 * stdin: {@code chain} starts child {@code c01} ({@code mid}), {@code spawn K} starts K more
 * {@code leaf} children ({@code c02}, ...); each is answered {@code ok N}. The root stops its
 * tree at the end of its stdin; every other node exits when its parent does. Children get {@code
 * node.childOpts} (JVM options, space-separated) and the {@code node.*} properties.
 */
public final class Node {
  private static final List<Process> CHILDREN = new ArrayList<>();
  private static int spawned;

  private Node() {}

  public static void main(String[] args) throws Exception {
    String role = args[0];
    int keys = Integer.getInteger("node.keys", 100);
    for (int i = 0; i < keys; i++) {
      Hermes.report(String.format("k.%03d", i), "a value reported once, number " + i);
    }
    int changing = Integer.getInteger("node.changing", 3);
    long changeMs = Long.getLong("node.changeMs", 100);
    daemon(
        "changer",
        () -> {
          for (long n = 1; ; n++) {
            for (int i = 0; i < changing; i++) {
              Hermes.report("c." + i, Long.toString(n));
            }
            Thread.sleep(changeMs);
          }
        });
    if (role.equals("tick")) {
      long tickMs = Long.getLong("node.tickMs", 50);
      daemon(
          "ticker",
          () -> {
            for (long seq = 1; ; seq++) {
              Instant now = Instant.now();
              long micros = now.getEpochSecond() * 1_000_000L + now.getNano() / 1000;
              Hermes.report("tick", seq + ":" + micros);
              Thread.sleep(tickMs);
            }
          });
    }
    Runtime.getRuntime().addShutdownHook(new Thread(Node::stopChildren));
    if (role.equals("mid")) {
      spawn("g", "tick");
    }
    Hermes.report("role.ready", "yes");
    if (role.equals("root")) {
      serveCommands();
    } else {
      // Captured once: a handle checks pid and start time, so a reparented child notices.
      ProcessHandle parent = ProcessHandle.current().parent().orElseThrow();
      while (parent.isAlive()) {
        Thread.sleep(200);
      }
    }
    stopChildren();
  }

  private static void serveCommands() throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.getProperty("hermes.url") == null && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    System.out.println("url " + System.getProperty("hermes.url", "none"));
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (String line; (line = in.readLine()) != null; ) {
      String[] words = line.trim().split(" ");
      if (words[0].equals("chain")) {
        spawn(name(), "mid");
      } else if (words[0].equals("spawn")) {
        for (int i = Integer.parseInt(words[1]); i > 0; i--) {
          spawn(name(), "leaf");
        }
      }
      System.out.println("ok " + spawned);
    }
  }

  private static String name() {
    return String.format("c%02d", spawned + 1);
  }

  private static synchronized void spawn(String name, String role) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    String opts = System.getProperty("node.childOpts", "").trim();
    if (!opts.isEmpty()) {
      command.addAll(List.of(opts.split(" +")));
    }
    for (String p : System.getProperties().stringPropertyNames()) {
      if (p.startsWith("node.")) {
        command.add("-D" + p + "=" + System.getProperty(p));
      }
    }
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), "Node", role));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().put("HERMES_NAME", name);
    builder.redirectOutput(ProcessBuilder.Redirect.DISCARD);
    builder.redirectError(ProcessBuilder.Redirect.INHERIT);
    CHILDREN.add(builder.start());
    spawned++;
  }

  private static synchronized void stopChildren() {
    CHILDREN.forEach(Process::destroy);
    for (Process p : CHILDREN) {
      try {
        if (!p.waitFor(5, TimeUnit.SECONDS)) {
          p.destroyForcibly();
        }
      } catch (InterruptedException e) {
        p.destroyForcibly();
      }
    }
    CHILDREN.clear();
  }

  private interface Loop {
    void run() throws InterruptedException;
  }

  private static void daemon(String name, Loop loop) {
    Thread t =
        new Thread(
            () -> {
              try {
                loop.run();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            name);
    t.setDaemon(true);
    t.start();
  }
}
