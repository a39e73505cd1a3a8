package dev.hermes.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code java -jar hermes.jar attach <pid>} into running JVMs that were started without it. */
class AttachIT {
  private static final String DYNAMIC_AGENT_WARNING = "WARNING: A Java agent has been loaded";

  private static Started lateSpawner(Path trigger, String... options) throws Exception {
    Jvm jvm = Jvm.withoutAgent().env("HERMES_JMX", "off");
    for (String option : options) {
      jvm.option(option);
    }
    Started app =
        jvm.classPath(Jvm.apps(), Jvm.apiJar().toString())
            .main("dev.hermes.it.apps.LateSpawnApp", trigger.toString())
            .start();
    CliIT.awaitAttachable(app.pid());
    return app;
  }

  private static Path trigger() throws Exception {
    return Temp.dir("hermes-attach").resolve("spawn");
  }

  @Test
  void attachedJvmServesItsEndpoint() throws Exception {
    int port = Jvm.freePort();
    try (Started app = lateSpawner(trigger(), "-XX:+EnableDynamicAgentLoading")) {
      Cli cli = Cli.run("attach", Long.toString(app.pid()), "port=" + port);
      assertEquals(0, cli.exit, cli.toString());
      String url = "http://127.0.0.1:" + port;
      assertEquals(
          "Hermes 0.1.0-SNAPSHOT attached to JVM " + app.pid() + ": " + url + "\n", cli.out);
      Map<String, String> text =
          TextLines.parse(app.awaitBody(url + "/", b -> b.contains("status: running")).body);
      assertEquals(Long.toString(app.pid()), text.get("process.pid"));
    }
  }

  @Test
  void childStartedAfterAttachJoins() throws Exception {
    int port = Jvm.freePort();
    Path trigger = trigger();
    try (Started app = lateSpawner(trigger, "-XX:+EnableDynamicAgentLoading")) {
      assertEquals(0, Cli.run("attach", Long.toString(app.pid()), "port=" + port).exit);
      Files.createFile(trigger);
      Map<String, String> text =
          TextLines.parse(
              app.awaitBody(
                      "http://127.0.0.1:" + port + "/", b -> b.contains("late/app.phase: working"))
                  .body);
      assertEquals("running", text.get("late/hermes.child.state"));
    }
  }

  @Test
  void jvmThatAlreadyRunsHermesIsLeftAlone() throws Exception {
    int port = Jvm.freePort();
    try (Started app = CliIT.plain(Jvm.withAgent("port=" + port))) {
      app.awaitBody("http://127.0.0.1:" + port + "/health", b -> true);
      Cli cli = Cli.run("attach", Long.toString(app.pid()), "port=0");
      assertEquals(0, cli.exit, cli.toString());
      assertEquals(
          "JVM "
              + app.pid()
              + " already runs Hermes 0.1.0-SNAPSHOT: http://127.0.0.1:"
              + port
              + "; left alone\n",
          cli.out);
      assertFalse(app.stderr().contains("[hermes]"), app.stderr());
    }
  }

  @Test
  void unknownPidExits1() throws Exception {
    long pid = 4_000_000L;
    while (ProcessHandle.of(pid).isPresent()) {
      pid++;
    }
    Cli cli = Cli.run("attach", Long.toString(pid));
    assertEquals(1, cli.exit, cli.toString());
    assertEquals("hermes: no process with pid " + pid + "\n", cli.err);
  }

  @Test
  void processThatIsNotAJvmIsNeverSignalled() throws Exception {
    Process sleep = new ProcessBuilder("sleep", "60").start();
    try {
      Cli cli = Cli.run("attach", Long.toString(sleep.pid()));
      assertEquals(1, cli.exit, cli.toString());
      assertTrue(cli.err.contains("is not a JVM this user can attach to"), cli.err);
      Thread.sleep(500);
      assertTrue(sleep.isAlive(), "attach must not send SIGQUIT to a non-JVM");
    } finally {
      sleep.destroyForcibly();
    }
  }

  @Test
  void jvmThatForbidsAttachExits1() throws Exception {
    try (Started app = lateSpawner(trigger(), "-XX:+DisableAttachMechanism")) {
      Cli cli = Cli.run("attach", Long.toString(app.pid()));
      assertEquals(1, cli.exit, cli.toString());
      assertEquals(
          "hermes: JVM "
              + app.pid()
              + " forbids attach (it runs with -XX:+DisableAttachMechanism)\n",
          cli.err);
    }
  }

  @Test
  void jvmThatRefusesAgentsExits1() throws Exception {
    try (Started app = lateSpawner(trigger(), "-XX:-EnableDynamicAgentLoading")) {
      Cli cli = Cli.run("attach", Long.toString(app.pid()), "port=0");
      assertEquals(1, cli.exit, cli.toString());
      assertTrue(cli.err.startsWith("hermes: JVM " + app.pid() + " refused the agent ("), cli.err);
    }
  }

  @Test
  void unknownSettingExits2AndLeavesTheJvmUntouched() throws Exception {
    try (Started app = lateSpawner(trigger())) {
      Cli cli = Cli.run("attach", Long.toString(app.pid()), "prot=0");
      assertEquals(2, cli.exit, cli.toString());
      assertTrue(cli.err.startsWith("hermes: unknown agent setting [prot]"), cli.err);
      assertEquals("-", CliIT.urlOf(Cli.run("list", "--all").out, app.pid()), "no agent loaded");
    }
  }

  @Test
  void jdk21AndLaterWarnOnTheTargetUnlessDynamicLoadingIsEnabled() throws Exception {
    try (Started app = lateSpawner(trigger())) {
      assertEquals(0, Cli.run("attach", Long.toString(app.pid()), "port=0").exit);
      Thread.sleep(500);
      boolean warns = Runtime.version().feature() >= 21;
      assertEquals(warns, app.stderr().contains(DYNAMIC_AGENT_WARNING), app.stderr());
    }
  }
}
