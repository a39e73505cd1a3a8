package dev.hermes.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A trimmed runtime: a {@code jlink} image of the JDK in use with only {@code java.base} and {@code
 * java.instrument} (without which no JVM takes {@code -javaagent}). The app runs as it would, and
 * Hermes says in one line what it lacks and the {@code --add-modules} that brings it.
 */
class TrimmedRuntimeIT {
  private static Path image;

  @BeforeAll
  static void link() throws Exception {
    Path home = Path.of(System.getProperty("java.home"));
    Path target = Path.of(Jvm.apps()).getParent();
    image = target.resolve("jlink-" + Runtime.version().feature());
    Temp.delete(image);
    List<String> jlink = new ArrayList<>();
    jlink.add(home.resolve("bin/jlink").toString());
    jlink.addAll(
        List.of(
            "--add-modules",
            "java.base,java.instrument",
            "--no-header-files",
            "--no-man-pages",
            "--output",
            image.toString()));
    Cli linked = Cli.exec(jlink, java.util.Map.of());
    assertEquals(0, linked.exit, linked.toString());
  }

  @Test
  void theAppRunsAndOneLineNamesTheModulesToAdd() throws Exception {
    List<String> command =
        List.of(
            image.resolve("bin/java").toString(),
            "-javaagent:" + Jvm.hermesJar(),
            "-cp",
            Jvm.apps(),
            "dev.hermes.it.apps.PlainApp",
            "300");
    Cli app = Cli.exec(command, java.util.Map.of());
    assertEquals(0, app.exit, app.toString());
    assertEquals("plain: hello\nplain: bye\n", app.out);
    assertTrue(
        app.err.matches(
            "\\[hermes\\] pid \\d+: this Java runtime lacks jdk\\.httpserver, java\\.management,"
                + " jdk\\.management \\(no status endpoint, no children; no JMX keys; no process"
                + " CPU, file-descriptor and machine-memory keys\\); the application runs on; to"
                + " have them, build the runtime with jlink --add-modules"
                + " jdk\\.httpserver,java\\.management,jdk\\.management\\n"),
        app.err);
  }

  @Test
  void withJmxOffOnlyTheEndpointsModuleIsNamed() throws Exception {
    List<String> command =
        List.of(
            image.resolve("bin/java").toString(),
            "-javaagent:" + Jvm.hermesJar() + "=jmx=off",
            "-cp",
            Jvm.apps(),
            "dev.hermes.it.apps.PlainApp");
    Cli app = Cli.exec(command, java.util.Map.of());
    assertEquals(0, app.exit, app.toString());
    assertTrue(
        app.err.matches(
            "\\[hermes\\] pid \\d+: this Java runtime lacks jdk\\.httpserver \\(no status"
                + " endpoint, no children\\); the application runs on; to have them, build the"
                + " runtime with jlink --add-modules jdk\\.httpserver\\n"),
        app.err);
  }
}
