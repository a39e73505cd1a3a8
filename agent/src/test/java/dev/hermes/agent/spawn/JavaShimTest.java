package dev.hermes.agent.spawn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shim as a script: run by {@code sh} in front of a fake {@code java} that prints its arguments
 * and its {@code JDK_JAVA_OPTIONS}.
 */
class JavaShimTest {
  private static final Path JAR = Path.of("/opt/hermes/hermes.jar");

  @TempDir Path tmp;

  private String run(Path bin, Map<String, String> env, String... args) throws Exception {
    Path fakeBin = Files.createDirectories(tmp.resolve("fake"));
    Path fake = fakeBin.resolve("java");
    Files.writeString(
        fake, "#!/bin/sh\necho \"args: $*\"\necho \"opts: ${JDK_JAVA_OPTIONS-unset}\"\n");
    fake.toFile().setExecutable(true);
    List<String> command = new java.util.ArrayList<>(List.of(bin.resolve("java").toString()));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().remove("JDK_JAVA_OPTIONS");
    pb.environment().put("PATH", bin + ":" + fakeBin + ":/usr/bin:/bin");
    pb.environment().putAll(env);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), out);
    return out;
  }

  @Test
  void givesTheNextJavaOnThePathTheAgent() throws Exception {
    Path bin = JavaShim.write(JAR, tmp);
    assertNotNull(bin);
    assertEquals(
        "args: -javaagent:/opt/hermes/hermes.jar -cp a app.Main x\nopts: unset\n",
        run(bin, Map.of(), "-cp", "a", "app.Main", "x"));
  }

  @Test
  void aCallThatOnlyPrintsRunsWithoutTheAgentAndWithoutItInTheVariable() throws Exception {
    Path bin = JavaShim.write(JAR, tmp);
    assertEquals("args: -version\nopts: unset\n", run(bin, Map.of(), "-version"));
    assertEquals(
        "args: -version\nopts: -Xss2m\n",
        run(
            bin,
            Map.of("JDK_JAVA_OPTIONS", "-Xss2m -javaagent:/opt/hermes/hermes.jar"),
            "-version"));
    assertEquals(
        "args: --version\nopts: unset\n",
        run(bin, Map.of("JDK_JAVA_OPTIONS", "-javaagent:/opt/hermes/hermes.jar"), "--version"));
  }

  @Test
  void theAgentIsNeverGivenTwice() throws Exception {
    Path bin = JavaShim.write(JAR, tmp);
    assertEquals(
        "args: -javaagent:/opt/hermes/hermes.jar=port=1 app.Main\nopts: unset\n",
        run(bin, Map.of(), "-javaagent:/opt/hermes/hermes.jar=port=1", "app.Main"));
    assertEquals(
        "args: app.Main\nopts: -javaagent:/opt/hermes/hermes.jar\n",
        run(bin, Map.of("JDK_JAVA_OPTIONS", "-javaagent:/opt/hermes/hermes.jar"), "app.Main"));
  }

  @Test
  void itsDirectoryIsThisUsersAloneAndWritingAgainKeepsIt() throws Exception {
    Path bin = JavaShim.write(JAR, tmp);
    assertEquals(bin, JavaShim.write(JAR, tmp));
    Path base = bin.getParent().getParent();
    assertEquals(
        "rwx------",
        java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(base)));
    assertTrue(Files.isExecutable(bin.resolve("java")));
  }
}
