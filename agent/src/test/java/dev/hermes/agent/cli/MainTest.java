package dev.hermes.agent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MainTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    Terminal terminal =
        new Terminal(
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            false);
    return Main.run(List.of(args), terminal, Map.of());
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void noCommandPrintsUsageAndExits2() {
    assertEquals(2, run());
    assertTrue(err().startsWith("Usage: java -jar hermes.jar <command>"), err());
  }

  @Test
  void helpExits0OnStdout() {
    assertEquals(0, run("--help"));
    assertTrue(out.toString(StandardCharsets.UTF_8).contains("attach <pid> [options]"));
  }

  @Test
  void eachCommandHasHelp() {
    for (String command : new String[] {"tree", "get", "list", "attach"}) {
      out.reset();
      assertEquals(0, run(command, "--help"), command);
      String help = out.toString(StandardCharsets.UTF_8);
      assertTrue(help.startsWith("Usage: java -jar hermes.jar " + command), help);
      assertTrue(help.contains("Exit codes: 0"), help);
    }
  }

  @Test
  void unknownCommandExits2() {
    assertEquals(2, run("frob"));
    assertEquals("hermes: unknown command [frob]; see 'java -jar hermes.jar --help'\n", err());
  }

  @Test
  void getWithoutUrlExits2() {
    assertEquals(2, run("get"));
  }

  @Test
  void attachWithAPidThatIsNotANumberExits2() {
    assertEquals(2, run("attach", "abc"));
    assertEquals("hermes: invalid pid [abc]: use a process id, e.g. 4242\n", err());
  }

  @Test
  void unreachableUrlExits1WithAHint() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    assertEquals(1, run("tree", Integer.toString(port)));
    assertTrue(err().startsWith("hermes: cannot reach http://127.0.0.1:" + port + " ("), err());
    assertTrue(err().contains("'java -jar hermes.jar list' shows the local ones"), err());
  }
}
