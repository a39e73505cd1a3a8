package dev.hermes.agent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code tree --watch} against a real HTTP endpoint that answers a new tree each time. */
class TreeCommandTest {
  private HttpServer server;
  private final AtomicInteger asked = new AtomicInteger();
  private String base;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  @BeforeEach
  void serve() throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          int n = asked.incrementAndGet();
          byte[] body =
              ("{\"count\":{\"value\":\""
                      + n
                      + "\",\"age\":0.1},"
                      + "\"w/hermes.child.state\":{\"value\":\"running\",\"age\":1},"
                      + "\"w/hermes.child.since\":{\"value\":\"x\",\"age\":"
                      + (60 + n)
                      + "}}")
                  .getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
    base = "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private String watch(boolean interactive) throws Exception {
    PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
    Terminal terminal = new Terminal(print, print, false, interactive);
    StatusClient client = new StatusClient(Map.of());
    assertEquals(Main.OK, new TreeCommand(client, 1, 3).run(List.of(base, "--watch"), terminal));
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void watchingWithoutATerminalRepeatsTheTreeAsPlainText() throws Exception {
    String shown = watch(false);
    assertEquals(
        base
            + "\n  count: 1\n  w/  running 1m01s\n"
            + "\n"
            + base
            + "\n  count: 2\n  w/  running 1m02s\n"
            + "\n"
            + base
            + "\n  count: 3\n  w/  running 1m03s\n",
        shown);
  }

  @Test
  void watchingOnATerminalRedrawsInPlace() throws Exception {
    String shown = watch(true);
    String[] frames = shown.split("\u001b\\[H", -1);
    assertEquals(4, frames.length, shown);
    assertEquals("\u001b[2J", frames[0], "the screen is cleared once");
    assertEquals(
        base + "\u001b[K\n  count: 3\u001b[K\n  w/  running 1m03s\u001b[K\n\u001b[J", frames[3]);
  }

  @Test
  void anEndpointThatCannotBeReadIsSaidInPlaceOfTheTreeAndTriedAgain() throws Exception {
    server.stop(0);
    String shown = watch(false);
    assertEquals(3, shown.split("hermes: ", -1).length - 1, shown);
    assertTrue(!shown.contains("count"), shown);
  }
}
