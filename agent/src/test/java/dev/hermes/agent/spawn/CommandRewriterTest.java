package dev.hermes.agent.spawn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CommandRewriterTest {
  private static final Path JAR = Path.of("/opt/hermes/hermes.jar");
  private final Map<String, String> env = new HashMap<>();

  @Test
  void javaLauncherGetsTheAgentRightAfterTheExecutable() {
    List<String> command = List.of("/usr/bin/java", "-Xmx1g", "-cp", "a b", "app.Main", "x y");
    assertEquals(
        List.of(
            "/usr/bin/java",
            "-javaagent:/opt/hermes/hermes.jar",
            "-Xmx1g",
            "-cp",
            "a b",
            "app.Main",
            "x y"),
        CommandRewriter.rewrite(command, env, JAR));
    assertTrue(env.isEmpty(), "a direct launch needs no environment variable");
  }

  @Test
  void commandAlreadyCarryingTheAgentIsLeftAlone() {
    List<String> command = List.of("java", "-javaagent:/elsewhere/hermes.jar=port=1", "app.Main");
    assertSame(command, CommandRewriter.rewrite(command, env, JAR));
  }

  @Test
  void otherAgentsStayAndOursIsAdded() {
    List<String> command = List.of("java", "-javaagent:/x/other.jar", "app.Main");
    assertEquals(
        List.of("java", "-javaagent:/opt/hermes/hermes.jar", "-javaagent:/x/other.jar", "app.Main"),
        CommandRewriter.rewrite(command, env, JAR));
  }

  @Test
  void versionQueryIsNotInstrumented() {
    List<String> command = List.of("java", "-version");
    assertSame(command, CommandRewriter.rewrite(command, env, JAR));
  }

  @Test
  void shellGetsTheAgentThroughJdkJavaOptionsKeepingTheUsersOwn() {
    env.put("JDK_JAVA_OPTIONS", "-Xss2m");
    List<String> command = List.of("sh", "-c", "java app.Main");
    assertSame(command, CommandRewriter.rewrite(command, env, JAR));
    assertEquals("-Xss2m -javaagent:/opt/hermes/hermes.jar", env.get("JDK_JAVA_OPTIONS"));
    assertSame(command, CommandRewriter.rewrite(command, env, JAR));
    assertEquals("-Xss2m -javaagent:/opt/hermes/hermes.jar", env.get("JDK_JAVA_OPTIONS"));
  }

  @Test
  void jarPathWithSpacesIsQuotedForTheLauncher() {
    CommandRewriter.rewrite(List.of("./run.sh"), env, Path.of("/my dir/hermes.jar"));
    assertEquals("\"-javaagent:/my dir/hermes.jar\"", env.get("JDK_JAVA_OPTIONS"));
  }

  @Test
  void recognisesJavaLaunchers() {
    assertTrue(CommandRewriter.isJavaLauncher("/usr/lib/jvm/x/bin/java"));
    assertTrue(CommandRewriter.isJavaLauncher("java"));
    assertFalse(CommandRewriter.isJavaLauncher("javac"));
    assertFalse(CommandRewriter.isJavaLauncher("/usr/bin/javaws"));
  }

  @Test
  void aScriptGetsTheShimFirstOnItsPathAndNoVariable() {
    Path shim = Path.of("/tmp/hermes-u/x/bin");
    env.put("PATH", "/usr/bin:/bin");
    List<String> command = List.of("sh", "-c", "java -version 2>&1 | head -1");
    assertSame(command, CommandRewriter.rewrite(command, env, JAR, shim));
    assertEquals("/tmp/hermes-u/x/bin:/usr/bin:/bin", env.get("PATH"));
    assertFalse(env.containsKey("JDK_JAVA_OPTIONS"));
    CommandRewriter.rewrite(command, env, JAR, shim);
    assertEquals("/tmp/hermes-u/x/bin:/usr/bin:/bin", env.get("PATH"), "never twice");
  }

  @Test
  void aScriptWithJavaHomeGetsTheVariableTooWhichItsJavaHomeJavaReads() {
    Path shim = Path.of("/tmp/hermes-u/x/bin");
    env.put("PATH", "/usr/bin");
    env.put("JAVA_HOME", "/usr/lib/jvm/17");
    CommandRewriter.rewrite(List.of("catalina.sh", "run"), env, JAR, shim);
    assertEquals("/tmp/hermes-u/x/bin:/usr/bin", env.get("PATH"));
    assertEquals("-javaagent:/opt/hermes/hermes.jar", env.get("JDK_JAVA_OPTIONS"));
    env.clear();
    env.put("JRE_HOME", "/usr/lib/jvm/17");
    CommandRewriter.rewrite(List.of("catalina.sh", "run"), env, JAR, shim);
    assertEquals("-javaagent:/opt/hermes/hermes.jar", env.get("JDK_JAVA_OPTIONS"));
  }

  @Test
  void onlyAJavaLauncherRunningAnAppWithTheAgentStartsAnAgentJvm() {
    List<String> java = List.of("java", "-javaagent:/opt/hermes/hermes.jar", "app.Main");
    assertTrue(CommandRewriter.startsAgentJvm(java, env, JAR));
    assertFalse(CommandRewriter.startsAgentJvm(List.of("java", "-version"), env, JAR));
    assertFalse(CommandRewriter.startsAgentJvm(List.of("getconf", "PAGESIZE"), env, JAR));
    assertFalse(CommandRewriter.startsAgentJvm(List.of("java", "app.Main"), env, JAR));
    env.put("JDK_JAVA_OPTIONS", "-javaagent:/opt/hermes/hermes.jar");
    assertTrue(CommandRewriter.startsAgentJvm(List.of("java", "app.Main"), env, JAR));
  }

  @Test
  void aShellRunningJavaByPathGetsTheVariableToo() {
    Path shim = Path.of("/tmp/hermes-u/x/bin");
    List<String> command = List.of("sh", "-c", "'/usr/lib/jvm/17/bin/java' '-cp' 'a' 'app.Main'");
    CommandRewriter.rewrite(command, env, JAR, shim);
    assertEquals("-javaagent:/opt/hermes/hermes.jar", env.get("JDK_JAVA_OPTIONS"));
    assertTrue(CommandRewriter.namesJavaByPath(List.of("sh", "-c", "exec /opt/jdk/bin/java")));
    assertFalse(CommandRewriter.namesJavaByPath(List.of("sh", "-c", "java -jar /x/javax.jar")));
    assertFalse(CommandRewriter.namesJavaByPath(List.of("sh", "-c", "cd /srv/javadoc; ls")));
  }
}
