package dev.hermes.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent never harms its host: failures are one line on stderr and the app runs on. */
class HostSafetyIT {
  private static final String PLAIN_OUTPUT = "plain: hello\nplain: bye\n";

  @Test
  void portTakenLeavesTheAppsOutputAndExitCodeUnchanged() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Started app =
          Jvm.withAgent("port=" + taken.getLocalPort())
              .classPath(Jvm.apps())
              .main("dev.hermes.it.apps.PlainApp", "1500", "7")
              .start();
      try (app) {
        assertEquals(7, app.awaitExit(Duration.ofSeconds(30)));
        assertEquals(PLAIN_OUTPUT, app.stdout());
        String err = app.stderr();
        assertEquals(1, err.lines().count(), err);
        assertTrue(
            err.startsWith(
                "[hermes] pid "
                    + app.pid()
                    + ": cannot listen on 127.0.0.1:"
                    + taken.getLocalPort()),
            err);
      }
    }
  }

  @Test
  void aJvmThatExitsWhileHermesStartsSeesNothingOnStderr() throws Exception {
    // Regression: the start-up thread registered its shutdown hook after the JVM had begun to
    // exit, and printed "failed while starting ... Shutdown in progress" (seen in a launcher
    // script's short JVM).
    try (Started app =
        Jvm.withAgent("port=" + Jvm.freePort())
            .classPath(Jvm.apps())
            .main("dev.hermes.it.apps.QuickExitApp")
            .start()) {
      assertEquals(0, app.awaitExit(Duration.ofSeconds(30)));
      assertEquals("quick: bye\n", app.stdout());
      assertEquals("", app.stderr());
    }
  }

  @Test
  void anAppsOwnHttpServerProviderLeavesTheEndpointAlone(@TempDir Path services) throws Exception {
    // Regression: with a provider named by a service file on the class path (Jetty's http-spi
    // does this), or by the property, the endpoint did not start ("status endpoint not started:
    // java.lang.reflect.InvocationTargetException"): the private copy of the JDK server looked
    // the provider up as the JDK's does, and found the app's.
    Path file = services.resolve("META-INF/services/com.sun.net.httpserver.spi.HttpServerProvider");
    Files.createDirectories(file.getParent());
    Files.writeString(file, "dev.hermes.it.apps.AppHttpServerProvider\n");
    for (boolean byProperty : new boolean[] {false, true}) {
      int port = Jvm.freePort();
      Jvm jvm =
          Jvm.withAgent("port=" + port)
              .classPath(Jvm.apps(), services.toString())
              .main("dev.hermes.it.apps.PlainApp", "60000");
      if (byProperty) {
        jvm.option(
            "-Dcom.sun.net.httpserver.HttpServerProvider=dev.hermes.it.apps.AppHttpServerProvider");
      }
      try (Started app = jvm.start()) {
        Map<String, String> status =
            TextLines.parse(
                app.awaitBody("http://127.0.0.1:" + port + "/", b -> b.contains("process.pid: "))
                    .body);
        assertEquals(Long.toString(app.pid()), status.get("process.pid"));
        assertEquals("", app.stderr());
      }
    }
  }

  @Test
  void badArgumentIsOneLineAndTheAppRunsOn() throws Exception {
    try (Started app =
        Jvm.withAgent("port=abc")
            .classPath(Jvm.apps())
            .main("dev.hermes.it.apps.PlainApp", "0", "3")
            .start()) {
      assertEquals(3, app.awaitExit(Duration.ofSeconds(30)));
      assertEquals(PLAIN_OUTPUT, app.stdout());
      assertEquals(
          "[hermes] pid "
              + app.pid()
              + ": invalid port [abc]: use a number from 0 to 65535 (0 picks a free port);"
              + " Hermes is off and the application runs on\n",
          app.stderr());
    }
  }

  @Test
  void stdoutAndExitCodeAreIdenticalWithAndWithoutTheAgent() throws Exception {
    String withAgent;
    String without;
    try (Started app =
        Jvm.withAgent("port=" + Jvm.freePort())
            .classPath(Jvm.apps())
            .main("dev.hermes.it.apps.PlainApp", "500", "5")
            .start()) {
      assertEquals(5, app.awaitExit(Duration.ofSeconds(30)));
      withAgent = app.stdout();
      assertEquals("", app.stderr());
    }
    try (Started app =
        Jvm.withoutAgent()
            .classPath(Jvm.apps())
            .main("dev.hermes.it.apps.PlainApp", "0", "5")
            .start()) {
      assertEquals(5, app.awaitExit(Duration.ofSeconds(30)));
      without = app.stdout();
    }
    assertEquals(without, withAgent);
  }

  @Test
  void hostChoosesItsLogManagerAfterTheAgentServedRequests() throws Exception {
    try (Started app =
        Jvm.withAgent("port=" + Jvm.freePort())
            .classPath(Jvm.apps())
            .main("dev.hermes.it.apps.LogManagerApp")
            .start()) {
      assertEquals(0, app.awaitExit(Duration.ofSeconds(30)), app.stderr());
      assertEquals("log manager: dev.hermes.it.apps.LogManagerApp$Custom\n", app.stdout());
      assertEquals("", app.stderr());
    }
  }

  @Test
  void bootLayerWithoutJavaManagementOrHttpServerIsOneLineAndTheRestWorks() throws Exception {
    int port = Jvm.freePort();
    try (Started app =
        Jvm.withAgent("port=" + port)
            .option("--limit-modules")
            .option("java.base,java.instrument")
            .classPath(Jvm.apps())
            .main("dev.hermes.it.apps.PlainApp", "60000")
            .start()) {
      app.awaitBody("http://127.0.0.1:" + port + "/", b -> b.contains("status: running"));
      assertEquals(
          "[hermes] pid "
              + app.pid()
              + ": the java.management module is not in this JVM's boot layer; JMX keys are off"
              + " (add --add-modules java.management to have them)\n",
          app.stderr());
    }
  }

  @Test
  void secondCopyOfTheAgentDoesNothing() throws Exception {
    int first = Jvm.freePort();
    int second = Jvm.freePort();
    try (Started app =
        Jvm.withAgent("port=" + first)
            .option("-javaagent:" + Jvm.hermesJar() + "=port=" + second)
            .classPath(Jvm.apps())
            .main("dev.hermes.it.apps.PlainApp", "60000")
            .start()) {
      app.awaitBody("http://127.0.0.1:" + first + "/", b -> b.contains("status: running"));
      assertThrows(IOException.class, () -> Http.get("http://127.0.0.1:" + second + "/"));
      assertEquals("", app.stderr());
    }
  }
}
