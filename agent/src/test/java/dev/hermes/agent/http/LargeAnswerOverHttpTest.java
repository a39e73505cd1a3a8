package dev.hermes.agent.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hermes.agent.config.AgentArgs;
import dev.hermes.agent.server.Endpoint;
import dev.hermes.agent.tree.ChildRegistry;
import dev.hermes.api.StatusStore;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Through the JDK's own server, on a socket: a large answer arrives chunked and whole, with the
 * bytes the renderer gives; a small one with its Content-Length; both on one keep-alive connection.
 */
class LargeAnswerOverHttpTest {
  private static final StatusStore STORE = StatusStore.global();
  private static final String BIG = "overhttp/";
  private static Endpoint endpoint;

  @BeforeAll
  static void start() throws Exception {
    for (int c = 0; c < 300; c++) {
      for (int k = 0; k < 100; k++) {
        STORE.put(BIG + "c" + c + "/app.key_" + k, "v" + c + "." + k + " é\n", 0, 0);
      }
    }
    endpoint =
        StatusServer.start(
            AgentArgs.parse("port=0", Map.of()), STORE, new ChildRegistry(STORE, Duration.ZERO));
  }

  @AfterAll
  static void stop() {
    endpoint.close();
    STORE.removePrefix(BIG);
  }

  private static HttpURLConnection get(String pathAndQuery) throws IOException {
    return (HttpURLConnection) new URL(endpoint.url() + pathAndQuery).openConnection();
  }

  private static String body(HttpURLConnection c) throws IOException {
    try (InputStream in = c.getInputStream()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void aLargeAnswerArrivesChunkedAndWhole() throws IOException {
    HttpURLConnection c = get("/?prefix=" + BIG);
    assertEquals(200, c.getResponseCode());
    assertEquals("chunked", c.getHeaderField("Transfer-Encoding"));
    assertNull(c.getHeaderField("Content-Length"));
    String body = body(c);
    String expected =
        new String(TextRenderer.render(StatusView.read(STORE, BIG)), StandardCharsets.UTF_8);
    assertTrue(expected.length() > SlicedAnswer.HOLD_LIMIT, "only " + expected.length());
    assertEquals(expected, body);
  }

  @Test
  void metricsOfALargeTreeEndWithTheirLastLine() throws IOException {
    HttpURLConnection c = get("/metrics?prefix=" + BIG);
    c.setRequestProperty("Accept", "application/openmetrics-text; version=1.0.0");
    assertEquals(200, c.getResponseCode());
    String body = body(c);
    assertTrue(body.endsWith("\n# EOF\n"));
    // A line a key in two families; HELP and TYPE of three families, a UNIT, # EOF.
    assertEquals(2 * 30_000 + 8, body.split("\n").length);
  }

  @Test
  void aSmallAnswerKeepsItsLength() throws IOException {
    HttpURLConnection c = get("/?prefix=" + BIG + "c7/");
    assertEquals(200, c.getResponseCode());
    String body = body(c);
    assertEquals(
        Integer.toString(body.getBytes(StandardCharsets.UTF_8).length),
        c.getHeaderField("Content-Length"));
    assertEquals(100, body.split("\n").length);
  }
}
