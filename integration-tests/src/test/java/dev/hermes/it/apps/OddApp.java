package dev.hermes.it.apps;

import dev.hermes.api.Hermes;
import java.nio.file.Path;

/**
 * Reports keys and values that are hard to expose (quotes, backslashes, line breaks, unicode, a
 * long value, numbers in every form), then starts a child of itself named after the next of its
 * arguments: {@code OddApp kid grand} makes a three-level tree. Lives until its parent dies.
 */
public final class OddApp {
  /** The odd values, key then value; the same in every JVM of the tree. */
  public static final String[] VALUES = {
    "odd.quote", "say \"hi\"",
    "odd.backslash", "C:\\temp\\new",
    "odd.newline", "line one\nline two",
    "odd.controls", "cr\r tab\t nul\u0000 del\u007f",
    "odd.unicode", "ünïcödé ☃ \uD834\uDD1E \u2028 end",
    "odd.long", "v".repeat(300),
    "odd.empty", "",
    "odd.int", "12",
    "odd.fraction", "0.67",
    "odd.exponent", "-3e2",
    "odd.huge", "1e400",
    "odd.nan", "NaN",
    "a.b", "1",
    "a_b", "2",
    "9lives", "yes",
    "X", "single",
  };

  private OddApp() {}

  public static void main(String[] args) throws Exception {
    for (int i = 0; i < VALUES.length; i += 2) {
      Hermes.report(VALUES[i], VALUES[i + 1]);
    }
    Process child = null;
    if (args.length > 0) {
      String[] rest = new String[args.length - 1];
      System.arraycopy(args, 1, rest, 0, rest.length);
      ProcessBuilder pb =
          new ProcessBuilder(
              Path.of(System.getProperty("java.home"), "bin", "java").toString(),
              "-cp",
              System.getProperty("java.class.path"),
              OddApp.class.getName());
      pb.command().addAll(java.util.List.of(rest));
      pb.environment().put("HERMES_NAME", args[0]);
      child = pb.inheritIO().start();
    }
    Hermes.report("odd.ready", "yes");
    while (ProcessHandle.current().parent().map(ProcessHandle::isAlive).orElse(false)) {
      Thread.sleep(200);
    }
    if (child != null) {
      child.destroy();
    }
  }
}
