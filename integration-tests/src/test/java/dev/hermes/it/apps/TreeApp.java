package dev.hermes.it.apps;

import dev.hermes.api.Hermes;
import dev.hermes.api.ProbeResult;
import java.io.File;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A node of a test tree, driven by its arguments, in order:
 *
 * <ul>
 *   <li>{@code key=K=V}: reports K as V;
 *   <li>{@code child=MODE,NAME,ARGS}: starts a child; NAME ({@code -} for none) goes into
 *       HERMES_NAME; ARGS are the child's own arguments joined by {@code +} (and a grandchild's by
 *       {@code ~}). MODE is {@code java} (ProcessBuilder), {@code sh} ({@code sh -c "java ..."}),
 *       {@code exec} (Runtime.exec), {@code module} (the module app, path from {@code
 *       -Dit.modulepath}), {@code sleep}, {@code ownname} (NAME in the child's own {@code
 *       -javaagent:hermes.jar=name=NAME}, no HERMES_NAME), {@code shname} ({@code sh -c
 *       "HERMES_NAME=NAME exec java ..."});
 *   <li>{@code run=PATH,ARGS...}: starts the program PATH with ARGS (comma-separated) as it is;
 *   <li>{@code javac=SRC,OUT}: runs javac, reports {@code javac.exit} and {@code javac.output};
 *   <li>{@code plain=OUTFILE}: runs PlainApp with stdout and stderr to OUTFILE(.err), waits;
 *   <li>{@code mirror=KEY}: reports {@code mirror.value} (Hermes.get(KEY)) and {@code
 *       mirror.events} (changes seen under KEY's namespace) as they change;
 *   <li>{@code forget=K,MILLIS}: removes K after MILLIS;
 *   <li>{@code count=K,MILLIS}: reports K as 1, 2, 3... every MILLIS;
 *   <li>{@code lifetime=MILLIS}: outlives its parent (an orphan), but no longer than MILLIS;
 *   <li>{@code probe=OUTFILE}: writes this JVM's input arguments and HERMES_PARENT to OUTFILE;
 *   <li>{@code restart=NAME,ARGS}: like {@code child=java,NAME,ARGS}, started again 300 ms after
 *       each exit (a supervisor);
 *   <li>{@code fromfile=K,PATH}: reports K as PATH's content (trimmed) every 100 ms;
 *   <li>{@code bulk=PREFIX,COUNT}: reports {@code PREFIX.0} ... {@code PREFIX.<COUNT-1>}, each
 *       {@code value <i>};
 *   <li>{@code apiprobe=NAME,PATH}: {@code Hermes.probe(NAME, 200 ms)} whose level is PATH's
 *       content ({@code ok}, {@code warning}, {@code critical}); {@code hang} blocks until it
 *       changes.
 *   <li>{@code supervise=NAME,RESTARTS,KIND[,DELAY_MS]}: a supervisor: starts a child named NAME,
 *       waits for it, and starts it again when it exits, RESTARTS times (-1: for ever), DELAY_MS
 *       (0) after each exit; KIND is {@code java} (a TreeApp reporting {@code role=NAME}), {@code
 *       sleep} ({@code sleep 600}), {@code exit3} ({@code sh -c "exit 3"}), {@code brief} ({@code
 *       sh -c "sleep 8; exit 3"}) or {@code busy} (a shell loop that never sleeps, for minutes).
 *       Reports {@code supervise.NAME.starts}.
 * </ul>
 *
 * Then it reports {@code role.ready=yes} and lives until the parent that started it dies.
 */
public final class TreeApp {
  private TreeApp() {}

  public static void main(String[] args) throws Exception {
    List<Process> children = new ArrayList<>();
    String mirror = null;
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
        case "child":
          children.add(child(value));
          break;
        case "run":
          // A program (a script) started as it is, with its arguments.
          children.add(new ProcessBuilder(value.split(",")).inheritIO().start());
          break;
        case "javac":
          javac(value.split(",", 2));
          break;
        case "plain":
          plain(value);
          break;
        case "forget":
          String[] keyAndDelay = value.split(",");
          Thread forget =
              new Thread(
                  () -> {
                    try {
                      Thread.sleep(Long.parseLong(keyAndDelay[1]));
                      Hermes.remove(keyAndDelay[0]);
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    }
                  });
          forget.setDaemon(true);
          forget.start();
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
        case "mirror":
          mirror = value;
          break;
        case "restart":
          supervise("java," + value);
          break;
        case "bulk":
          String[] prefixAndCount = value.split(",");
          for (int i = 0; i < Integer.parseInt(prefixAndCount[1]); i++) {
            Hermes.report(prefixAndCount[0] + "." + i, "value " + i);
          }
          break;
        case "fromfile":
          String[] keyAndPath = value.split(",", 2);
          daemon(
              () -> {
                while (true) {
                  try {
                    Hermes.report(keyAndPath[0], Files.readString(Path.of(keyAndPath[1])).trim());
                  } catch (java.io.IOException | IllegalArgumentException e) {
                    // not written yet
                  }
                  Thread.sleep(100);
                }
              });
          break;
        case "apiprobe":
          String[] nameAndPath = value.split(",", 2);
          Hermes.probe(
              nameAndPath[0],
              java.time.Duration.ofMillis(200),
              () -> {
                Path file = Path.of(nameAndPath[1]);
                String level = Files.readString(file).trim();
                while (level.equals("hang")) {
                  Thread.sleep(50);
                  level = Files.readString(file).trim();
                }
                return ProbeResult.of(
                        ProbeResult.Level.valueOf(level.toUpperCase(java.util.Locale.ROOT)),
                        "from " + file.getFileName())
                    .withValue(level.length());
              });
          break;
        case "lifetime":
          lifetime = Long.parseLong(value);
          break;
        case "probe":
          probe(value);
          return;
        case "supervise":
          supervise(value.split(","));
          break;
        default:
          throw new IllegalArgumentException("unknown op " + op);
      }
    }
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  children.forEach(Process::destroy);
                  SUPERVISED.forEach(Process::destroy);
                }));
    if (mirror != null) {
      mirror(mirror);
    }
    Hermes.report("role.ready", "yes");
    if (lifetime > 0) {
      Thread.sleep(lifetime);
      return;
    }
    // The parent it was started by, not whoever adopts it (init) if that parent is killed.
    ProcessHandle parent = ProcessHandle.current().parent().orElseThrow();
    while (parent.isAlive()) {
      Thread.sleep(200);
    }
  }

  private static final List<Process> SUPERVISED = new java.util.concurrent.CopyOnWriteArrayList<>();

  private interface Body {
    void run() throws Exception;
  }

  private static void daemon(Body body) {
    Thread t =
        new Thread(
            () -> {
              try {
                body.run();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    t.setDaemon(true);
    t.start();
  }

  private static void supervise(String spec) {
    daemon(
        () -> {
          while (true) {
            Process p = child(spec);
            SUPERVISED.add(p);
            p.waitFor();
            SUPERVISED.remove(p);
            Thread.sleep(300);
          }
        });
  }

  private static Process child(String spec) throws Exception {
    String[] parts = spec.split(",", 3);
    String mode = parts[0];
    String name = parts[1];
    List<String> childArgs = new ArrayList<>();
    if (parts.length > 2 && !parts[2].isEmpty()) {
      for (String arg : parts[2].split("\\+")) {
        childArgs.add(arg.replace('~', '+')); // '~' separates the grandchild's arguments
      }
    }
    List<String> java = new ArrayList<>(List.of(javaBin("java")));
    if (mode.equals("ownname")) {
      // The child's own agent argument names it; the spawner sets no HERMES_NAME.
      java.add(ownAgent() + "=name=" + name);
      name = "-";
    }
    if (mode.equals("module")) {
      java.addAll(List.of("-p", System.getProperty("it.modulepath"), "-m", "app/app.Main"));
    } else {
      java.addAll(List.of("-cp", System.getProperty("java.class.path"), TreeApp.class.getName()));
      java.addAll(childArgs);
    }
    ProcessBuilder pb;
    switch (mode) {
      case "sh":
        pb = new ProcessBuilder("sh", "-c", shellQuote(java));
        break;
      case "sleep":
        pb = new ProcessBuilder("sleep", "600");
        break;
      case "shname":
        // The name in the child's own launch line, which the spawner cannot see.
        pb = new ProcessBuilder("sh", "-c", "HERMES_NAME=" + name + " exec " + shellQuote(java));
        name = "-";
        break;
      case "exec":
        return Runtime.getRuntime().exec(java.toArray(new String[0]), env(name));
      default:
        pb = new ProcessBuilder(java);
    }
    if (!name.equals("-")) {
      pb.environment().put("HERMES_NAME", name);
    }
    return pb.inheritIO().start();
  }

  /** This JVM's own {@code -javaagent:<hermes.jar>} option, without its settings. */
  private static String ownAgent() {
    for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (arg.startsWith("-javaagent:")) {
        int eq = arg.indexOf('=');
        return eq < 0 ? arg : arg.substring(0, eq);
      }
    }
    throw new IllegalStateException("no -javaagent option");
  }

  private static String[] env(String name) {
    List<String> env = new ArrayList<>();
    System.getenv().forEach((k, v) -> env.add(k + "=" + v));
    if (!name.equals("-")) {
      env.add("HERMES_NAME=" + name);
    }
    return env.toArray(new String[0]);
  }

  private static void supervise(String[] spec) {
    String name = spec[0];
    int restarts = Integer.parseInt(spec[1]);
    String kind = spec[2];
    long delay = spec.length > 3 ? Long.parseLong(spec[3]) : 0;
    List<String> command = new ArrayList<>();
    switch (kind) {
      case "java":
        command.addAll(
            List.of(
                javaBin("java"),
                "-cp",
                System.getProperty("java.class.path"),
                TreeApp.class.getName(),
                "key=role=" + name));
        break;
      case "sleep":
        command.addAll(List.of("sleep", "600"));
        break;
      case "exit3":
        command.addAll(List.of("sh", "-c", "exit 3"));
        break;
      case "brief":
        command.addAll(List.of("sh", "-c", "sleep 8; exit 3"));
        break;
      case "busy":
        // Bounded (about three minutes alone on a core), should it outlive every hook.
        command.addAll(List.of("sh", "-c", "i=0; while [ $i -lt 200000000 ]; do i=$((i+1)); done"));
        break;
      default:
        throw new IllegalArgumentException("unknown kind " + kind);
    }
    AtomicReference<Process> current = new AtomicReference<>();
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  Process child = current.get();
                  if (child != null) {
                    child.destroyForcibly();
                  }
                }));
    Thread supervisor =
        new Thread(
            () -> {
              try {
                for (int starts = 1; ; starts++) {
                  ProcessBuilder pb = new ProcessBuilder(command).inheritIO();
                  pb.environment().put("HERMES_NAME", name);
                  Process child = pb.start();
                  current.set(child);
                  Hermes.report("supervise." + name + ".starts", Integer.toString(starts));
                  child.waitFor();
                  if (restarts >= 0 && starts > restarts) {
                    return;
                  }
                  Thread.sleep(delay);
                }
              } catch (Exception e) {
                Hermes.report("supervise." + name + ".error", e.toString());
              }
            },
            "supervise-" + name);
    supervisor.setDaemon(true);
    supervisor.start();
  }

  private static void javac(String[] srcAndOut) throws Exception {
    Process p =
        new ProcessBuilder(javaBin("javac"), "-d", srcAndOut[1], srcAndOut[0])
            .redirectErrorStream(true)
            .start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    int exit = p.waitFor();
    // The output first: InjectionIT reads it once it sees the exit.
    Hermes.report("javac.output", output);
    Hermes.report("javac.exit", Integer.toString(exit));
  }

  private static void plain(String outFile) throws Exception {
    Process p =
        new ProcessBuilder(
                javaBin("java"),
                "-cp",
                System.getProperty("java.class.path"),
                PlainApp.class.getName(),
                "0",
                "4")
            .redirectOutput(new File(outFile))
            .redirectError(new File(outFile + ".err"))
            .start();
    Hermes.report("plain.exit", Integer.toString(p.waitFor()));
  }

  private static void mirror(String key) {
    AtomicInteger events = new AtomicInteger();
    String namespace = key.substring(0, key.indexOf('/') + 1);
    Hermes.subscribe(
        namespace,
        change -> {
          if (change.key().equals(key)) {
            Hermes.report("mirror.value", Hermes.get(key).orElse("(none)"));
            Hermes.report("mirror.events", Integer.toString(events.incrementAndGet()));
          }
        });
    Hermes.get(key).ifPresent(v -> Hermes.report("mirror.value", v));
  }

  private static void probe(String outFile) throws Exception {
    String text =
        "args: "
            + ManagementFactory.getRuntimeMXBean().getInputArguments()
            + "\nparent: "
            + System.getenv("HERMES_PARENT")
            + "\n";
    Files.writeString(Path.of(outFile), text);
  }

  private static String javaBin(String tool) {
    return Path.of(System.getProperty("java.home"), "bin", tool).toString();
  }

  private static String shellQuote(List<String> words) {
    StringBuilder out = new StringBuilder();
    for (String w : words) {
      out.append('\'').append(w.replace("'", "'\\''")).append("' ");
    }
    return out.toString().trim();
  }
}
