package dev.hermes.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Under a SecurityManager (JDK 23 and earlier) the application always runs: Hermes works where the
 * policy grants hermes.jar its permissions, and otherwise says so in one line. Regression tests for
 * issue 10, finding 2: before, {@code -Djava.security.manager} aborted the JVM at premain (exit
 * 134), a granted agent's endpoint reset every connection, and an app that installed a
 * SecurityManager at run time got a stack trace from the agent's shutdown hook.
 */
class SecurityManagerIT {
  private static final String PLAIN_OUTPUT = "plain: hello\nplain: bye\n";

  @BeforeEach
  void securityManagerExists() {
    assumeTrue(
        Runtime.version().feature() < 24,
        "JDK " + Runtime.version().feature() + " cannot enable a SecurityManager (JEP 486)");
  }

  @Test
  void withoutAGrantTheAppRunsAndHermesSaysWhyItIsOff() throws Exception {
    try (Started app =
        Jvm.withAgent("port=0")
            .option("-Djava.security.manager")
            .classPath(Jvm.apps())
            .main("dev.hermes.it.apps.PlainApp", "0", "3")
            .start()) {
      assertEquals(3, app.awaitExit(Duration.ofSeconds(30)), app.stderr());
      assertEquals(PLAIN_OUTPUT, app.stdout());
      String err = app.stderr();
      assertEquals(1, hermesLines(err), err);
      assertTrue(err.contains("SecurityManager"), err);
      assertTrue(err.contains("Hermes is off and the application runs on"), err);
      assertNoStackTrace(err);
    }
  }

  @Test
  void withAGrantHermesServesUnderTheSecurityManager(@TempDir Path dir) throws Exception {
    int port = Jvm.freePort();
    try (Started app =
        Jvm.withAgent("port=" + port)
            .option("-Djava.security.manager")
            .option("-Djava.security.policy=" + grantHermes(dir))
            .classPath(Jvm.apps())
            .main("dev.hermes.it.apps.PlainApp", "60000", "0")
            .start()) {
      Http.Response answer =
          app.awaitBody("http://127.0.0.1:" + port + "/", b -> b.contains("status: running"));
      assertTrue(answer.body.contains("process.pid: " + app.pid()), answer.body);
      assertEquals(0, hermesLines(app.stderr()), app.stderr());
      assertNoStackTrace(app.stderr());
    }
  }

  @Test
  void aSecurityManagerInstalledAtRunTimeCostsNoStackTrace(@TempDir Path dir) throws Exception {
    int port = Jvm.freePort();
    Path flag = dir.resolve("install");
    try (Started app =
        Jvm.withAgent("port=" + port)
            .option("-Djava.security.manager=allow")
            .classPath(Jvm.apps())
            .main("dev.hermes.it.apps.SecurityManagerApp", flag.toString())
            .start()) {
      app.awaitBody("http://127.0.0.1:" + port + "/", b -> b.contains("status: running"));
      Files.writeString(flag, "now");
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (!app.stdout().contains("sm: installed") && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      try {
        Http.get("http://127.0.0.1:" + port + "/health");
      } catch (java.io.IOException refused) {
        // The policy does not grant Hermes: the endpoint cannot answer any more.
      }
      assertEquals(0, app.awaitExit(Duration.ofSeconds(30)), app.stderr());
      assertEquals("sm: hello\nsm: installed\nsm: bye\n", app.stdout());
      String err = app.stderr();
      assertTrue(hermesLines(err) <= 1, err);
      assertNoStackTrace(err);
    }
  }

  /** A policy file that grants hermes.jar everything and the application nothing more. */
  private static Path grantHermes(Path dir) throws Exception {
    Path policy = dir.resolve("hermes.policy");
    Files.writeString(
        policy,
        "grant codeBase \""
            + Jvm.hermesJar().toUri()
            + "\" {\n  permission java.security.AllPermission;\n};\n");
    return policy;
  }

  private static long hermesLines(String err) {
    return err.lines().filter(l -> l.startsWith("[hermes]")).count();
  }

  private static void assertNoStackTrace(String err) {
    assertFalse(err.contains("\tat "), err);
    assertFalse(err.contains("Exception in thread"), err);
    assertFalse(err.contains("FATAL"), err);
  }
}
