package dev.hermes.it.apps;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A plain app (no Hermes in it) for attach tests: {@code LateSpawnApp TRIGGER}. It runs {@code
 * true} at once, so ProcessBuilder is loaded before any agent arrives; once TRIGGER exists it
 * starts {@code ApiApp} as a child named {@code late}, then lives until its parent dies.
 */
public final class LateSpawnApp {
  private LateSpawnApp() {}

  public static void main(String[] args) throws Exception {
    new ProcessBuilder("true").start().waitFor();
    Path trigger = Path.of(args[0]);
    Process child = null;
    while (ProcessHandle.current().parent().map(ProcessHandle::isAlive).orElse(false)) {
      if (child == null && Files.exists(trigger)) {
        ProcessBuilder pb =
            new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                ApiApp.class.getName(),
                "600000");
        pb.environment().put("HERMES_NAME", "late");
        child = pb.inheritIO().start();
      }
      Thread.sleep(100);
    }
    if (child != null) {
      child.destroy();
    }
  }
}
