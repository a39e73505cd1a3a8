package dev.hermes.it.apps;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Runs shell commands one after another as {@code sh -c <command>}, each one's stdout and stderr
 * into {@code <dir>/<n>.out} and its exit code into {@code <dir>/<n>.exit}, then idles: {@code
 * ScriptRunnerApp dir command...}. A command that does not end (a server in the foreground) is the
 * last.
 */
public final class ScriptRunnerApp {
  private ScriptRunnerApp() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    for (int i = 1; i < args.length; i++) {
      Process p =
          new ProcessBuilder("sh", "-c", args[i])
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve(i + ".out").toFile())
              .redirectInput(new File("/dev/null"))
              .start();
      int exit = p.waitFor();
      Files.writeString(dir.resolve(i + ".exit"), Integer.toString(exit));
    }
    Thread.sleep(600_000);
  }
}
