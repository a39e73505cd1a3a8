package dev.hermes.agent.http;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hermes.agent.config.AgentArgs;
import dev.hermes.agent.server.Endpoint;
import dev.hermes.agent.tree.ChildRegistry;
import dev.hermes.api.StatusStore;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.Socket;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Through the JDK's own server: what one request proved (the secret) is never taken for another's.
 * The JDK's {@code HttpExchange} attributes belong to the whole context up to JDK 25 (JDK-7105350),
 * so a mark set on one exchange was seen by every later one: after a single request with the
 * secret, {@code /health/ready} gave its data to anyone, and a foreign Host passed.
 */
class AuthorizationOverHttpTest {
  private static final StatusStore STORE = StatusStore.global();
  private static Endpoint endpoint;

  @BeforeAll
  static void start() throws Exception {
    endpoint =
        StatusServer.start(
            AgentArgs.parse("port=0,secret=s3cret,require=w1", Map.of()),
            STORE,
            new ChildRegistry(STORE, Duration.ZERO));
  }

  @AfterAll
  static void stop() {
    endpoint.close();
  }

  private static String get(String path, String... headers) throws IOException {
    HttpURLConnection c = (HttpURLConnection) new URL(endpoint.url() + path).openConnection();
    for (int i = 0; i < headers.length; i += 2) {
      c.setRequestProperty(headers[i], headers[i + 1]);
    }
    int status = c.getResponseCode();
    try (InputStream in = status < 400 ? c.getInputStream() : c.getErrorStream()) {
      return status
          + " "
          + (in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  @Test
  void aRequestWithTheSecretAuthorizesNoOther() throws IOException {
    assertTrue(get("/health/ready", "Hermes-Secret", "s3cret").contains("\"data\""));
    String after = get("/health/ready");
    assertFalse(after.contains("\"data\""), after);
    assertTrue(get("/health/ready", "Hermes-Secret", "s3cret").contains("\"data\""));
  }

  @Test
  void aForeignHostPassesOnlyWithTheSecret() throws IOException {
    assertTrue(get("/", "Hermes-Secret", "s3cret").startsWith("200 "));
    assertTrue(get("/health/live", "Hermes-Secret", "s3cret").startsWith("200 "));
    assertTrue(raw("/health/live", "rebound.example").startsWith("HTTP/1.1 403"));
    assertTrue(raw("/health/live", "127.0.0.1").startsWith("HTTP/1.1 200"));
  }

  // HttpURLConnection sends no Host of the caller's choosing.
  private static String raw(String path, String host) throws IOException {
    URI uri = URI.create(endpoint.url());
    try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
      socket.setSoTimeout(5000);
      String request =
          "GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n";
      socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
    }
  }
}
