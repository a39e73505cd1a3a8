package dev.hermes.it;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs {@code java -jar hermes.jar <args>} as a user would and keeps what it printed. */
final class Cli {
  final int exit;
  final String out;
  final String err;

  private Cli(int exit, String out, String err) {
    this.exit = exit;
    this.out = out;
    this.err = err;
  }

  static Cli run(String... args) throws Exception {
    return run(Map.of(), args);
  }

  static Cli run(Map<String, String> env, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(Jvm.java(), "-jar", Jvm.hermesJar().toString()));
    command.addAll(List.of(args));
    return exec(command, env);
  }

  /** Runs {@code command} and waits up to 60 s for it. */
  static Cli exec(List<String> command, Map<String, String> env) throws Exception {
    Path dir = Temp.dir("hermes-cli");
    ProcessBuilder pb =
        new ProcessBuilder(command)
            .redirectOutput(dir.resolve("out").toFile())
            .redirectError(dir.resolve("err").toFile())
            .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
    pb.environment().keySet().removeIf(k -> k.startsWith("HERMES_") || k.equals("NO_COLOR"));
    pb.environment().putAll(env);
    Process p = pb.start();
    try {
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        fail("hermes.jar " + command + " did not finish within 60 s");
      }
      return new Cli(
          p.exitValue(),
          Files.readString(dir.resolve("out"), StandardCharsets.UTF_8),
          Files.readString(dir.resolve("err"), StandardCharsets.UTF_8));
    } finally {
      p.destroyForcibly();
      p.waitFor(10, TimeUnit.SECONDS);
      Files.deleteIfExists(dir.resolve("out"));
      Files.deleteIfExists(dir.resolve("err"));
      Files.deleteIfExists(dir);
    }
  }

  @Override
  public String toString() {
    return "exit " + exit + "\nstdout:\n" + out + "\nstderr:\n" + err;
  }
}
