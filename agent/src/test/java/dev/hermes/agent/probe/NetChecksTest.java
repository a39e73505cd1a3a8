package dev.hermes.agent.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.hermes.api.ProbeCheck;
import dev.hermes.api.ProbeResult;
import dev.hermes.api.StatusStore;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The http and tcp checks against real local servers. */
class NetChecksTest {
  private final AtomicInteger status = new AtomicInteger(200);
  private final AtomicReference<String> body = new AtomicReference<>("{\"status\":\"UP\"}");
  private final AtomicReference<String> auth = new AtomicReference<>();
  private HttpServer server;

  @TempDir Path dir;

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  private String serve() throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          auth.set(exchange.getRequestHeaders().getFirst("Authorization"));
          byte[] b = body.get().getBytes(StandardCharsets.UTF_8);
          boolean head = exchange.getRequestMethod().equals("HEAD");
          exchange.sendResponseHeaders(status.get(), head ? -1 : b.length);
          if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
              out.write(b);
            }
          }
          exchange.close();
        });
    server.start();
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/health";
  }

  private ProbeCheck check(String line) {
    return ProbeFile.parseLine(line, StatusStore.global(), dir.resolve("probes")).check;
  }

  @Test
  void httpFollowsTheServersStatus() throws Exception {
    ProbeCheck c = check("web = http " + serve() + " timeout=2s");
    assertEquals(ProbeResult.Level.OK, c.check().level());
    assertEquals("200", c.check().value());
    status.set(503);
    ProbeResult down = c.check();
    assertEquals(ProbeResult.Level.CRITICAL, down.level());
    assertTrue(down.message().startsWith("HTTP 503 from "), down.message());
    status.set(200);
    assertEquals(ProbeResult.Level.OK, c.check().level());
    ProbeCheck head = check("web = http " + server() + " method=HEAD status=204");
    assertEquals(ProbeResult.Level.CRITICAL, head.check().level());
    status.set(204);
    assertEquals(ProbeResult.Level.OK, head.check().level());
  }

  @Test
  void httpChecksTheBodyAndAJsonPointer() throws Exception {
    String url = serve();
    ProbeCheck contains = check("web = http " + url + " contains=\"\\\"UP\\\"\"");
    ProbeCheck json = check("web = http " + url + " json=/status equals=UP");
    assertEquals(ProbeResult.Level.OK, contains.check().level());
    assertEquals("UP", json.check().value());
    body.set("{\"status\":\"DOWN\",\"x\":[1]}");
    assertEquals(ProbeResult.Level.CRITICAL, contains.check().level());
    ProbeResult down = json.check();
    assertEquals(ProbeResult.Level.CRITICAL, down.level());
    assertEquals("/status is [DOWN], not [UP]", down.message());
    body.set("not json");
    assertEquals(ProbeResult.Level.CRITICAL, json.check().level());
  }

  @Test
  void httpSendsAHeaderReadFromAFile() throws Exception {
    Files.writeString(dir.resolve("token"), "Bearer s3cret\n");
    ProbeCheck c = check("web = http " + serve() + " header=Authorization:token");
    assertEquals(ProbeResult.Level.OK, c.check().level());
    assertEquals("Bearer s3cret", auth.get());
    Files.writeString(dir.resolve("token"), "Bearer rotated");
    c.check();
    assertEquals("Bearer rotated", auth.get());
  }

  @Test
  void httpThatNeverAnswersIsCriticalAtItsTimeout() throws Exception {
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      ProbeCheck c =
          check("web = http http://127.0.0.1:" + silent.getLocalPort() + "/ timeout=300ms");
      ProbeResult r = c.check();
      assertEquals(ProbeResult.Level.CRITICAL, r.level());
      assertTrue(r.message().startsWith("no answer from "), r.message());
    }
  }

  @Test
  void tcpFollowsAPortOpenedAndClosed() throws Exception {
    int port;
    ProbeCheck c;
    try (ServerSocket open = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      port = open.getLocalPort();
      c = check("db = tcp 127.0.0.1:" + port + " timeout=1s");
      assertEquals(ProbeResult.Level.OK, c.check().level());
    }
    ProbeResult closed = c.check();
    assertEquals(ProbeResult.Level.CRITICAL, closed.level());
    assertTrue(closed.message().contains("Connection refused"), closed.message());
  }

  private String server() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/health";
  }
}
