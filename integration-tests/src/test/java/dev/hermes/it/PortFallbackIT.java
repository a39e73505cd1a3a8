package dev.hermes.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Two unrelated roots on one host: the default port 9091 is taken, so a root that did not choose
 * its port binds a free one, publishes it, says it in one line, and {@code hermes list} shows both.
 * A port set explicitly stays strict.
 *
 * <p>Port 9091 is shared by every session on this machine: the test holds it itself when it is
 * free, and otherwise someone else does, which is the case under test all the same. It never
 * assumes it owns the port.
 */
class PortFallbackIT {
  private static final int DEFAULT_PORT = 9091;
  private static final Pattern FELL_BACK =
      Pattern.compile(
          "\\[hermes\\] pid \\d+: port 9091 is taken \\(.*\\); listening on"
              + " (http://127\\.0\\.0\\.1:(\\d+)) instead \\(set port= or HERMES_PORT to insist on"
              + " one\\)");

  @Test
  void twoRootsWithTheDefaultPortBothListenAndBothAreListed() throws Exception {
    try (ServerSocket held = holdIfFree(DEFAULT_PORT);
        Started first = Jvm.withAgent(null).classPath(Jvm.apps()).main(app(), "60000").start();
        Started second = Jvm.withAgent(null).classPath(Jvm.apps()).main(app(), "60000").start()) {
      String firstUrl = urlOf(first, held != null);
      String secondUrl = urlOf(second, held != null);
      assertNotEquals(firstUrl, secondUrl);
      for (Started root : List.of(first, second)) {
        String url = root == first ? firstUrl : secondUrl;
        root.awaitBody(url, body -> body.contains("hermes.url: " + url + "\n"));
      }
      Cli list = Cli.run("list");
      assertEquals(0, list.exit, list.toString());
      assertTrue(
          list.out.matches("(?s).*\\n" + first.pid() + " .* " + Pattern.quote(firstUrl) + "\\n.*"),
          list.toString());
      assertTrue(
          list.out.matches(
              "(?s).*\\n" + second.pid() + " .* " + Pattern.quote(secondUrl) + "\\n.*"),
          list.toString());
    }
  }

  @Test
  void anExplicitPortThatIsTakenStaysStrict() throws Exception {
    try (ServerSocket taken = new ServerSocket()) {
      taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      int port = taken.getLocalPort();
      try (Started root =
          Jvm.withAgent("port=" + port).classPath(Jvm.apps()).main(app(), "1500").start()) {
        assertEquals(0, root.awaitExit(Duration.ofSeconds(60)));
        String err = root.stderr();
        assertTrue(
            err.matches(
                "\\[hermes\\] pid \\d+: cannot listen on 127\\.0\\.0\\.1:"
                    + port
                    + " \\(.*\\); status endpoint not started; choose another with port= or"
                    + " HERMES_PORT\\n"),
            err);
        assertFalse(err.contains("instead"), err);
      }
    }
  }

  private static String app() {
    return "dev.hermes.it.apps.PlainApp";
  }

  /**
   * The URL the root listens on, from its one line; where this test holds 9091 the root must have
   * given way, where someone else held it the root may also have found it free again.
   */
  private static String urlOf(Started root, boolean heldByTest) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      String err = root.stderr();
      Matcher m = FELL_BACK.matcher(err);
      if (m.find()) {
        assertEquals(m.group(0) + "\n", err, "one line, nothing else");
        return m.group(1);
      }
      if (!heldByTest) {
        try {
          Http.Response r = Http.get("http://127.0.0.1:" + DEFAULT_PORT);
          if (r.body.contains("process.pid: " + root.pid() + "\n")) {
            return "http://127.0.0.1:" + DEFAULT_PORT;
          }
        } catch (IOException notThere) {
          // someone else's, or nobody's
        }
      }
      Thread.sleep(50);
    }
    throw new AssertionError("no line with the URL; stderr: " + root.stderr());
  }

  /** Binds {@code port} on the loopback address if it is free; null when someone else has it. */
  private static ServerSocket holdIfFree(int port) {
    try {
      ServerSocket socket = new ServerSocket();
      try {
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        return socket;
      } catch (IOException taken) {
        socket.close();
        return null;
      }
    } catch (IOException e) {
      return null;
    }
  }
}
