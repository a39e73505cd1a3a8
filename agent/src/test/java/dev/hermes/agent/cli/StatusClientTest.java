package dev.hermes.agent.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hermes.agent.client.TestEndpoint;
import dev.hermes.agent.config.Contract;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every line the CLI prints when an endpoint cannot be read, and the secret it sends. */
class StatusClientTest {
  private final TestEndpoint server;

  StatusClientTest() throws IOException {
    server = TestEndpoint.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private String failure(StatusClient client, String base, String path) {
    return assertThrows(CommandException.class, () -> client.get(base, path)).getMessage();
  }

  @Test
  void okIsTheBodyAndTheSecretComesFromTheEnvironment() throws Exception {
    StatusClient client = new StatusClient(Map.of(Contract.ENV_SECRET, "s3cret"));
    assertArrayEquals("fine".getBytes(UTF_8), client.get(server.base(), "/ok?type=text"));
    assertEquals("s3cret", server.header(Contract.SECRET_HEADER));
  }

  @Test
  void theSecretFileWinsOverTheVariable(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("secret"), "from-file\n");
    Map<String, String> env =
        Map.of(Contract.ENV_SECRET_FILE, file.toString(), Contract.ENV_SECRET, "from-env");
    new StatusClient(env).get(server.base(), "/ok");
    assertEquals("from-file", server.header(Contract.SECRET_HEADER));
  }

  @Test
  void anUnreadableSecretFileIsSaidSo(@TempDir Path dir) {
    Path missing = dir.resolve("missing");
    String message =
        failure(
            new StatusClient(Map.of(Contract.ENV_SECRET_FILE, missing.toString())),
            server.base(),
            "/ok");
    assertEquals(
        "cannot read HERMES_SECRET_FILE ["
            + missing
            + "]: java.nio.file.NoSuchFileException: "
            + missing,
        message);
  }

  @Test
  void forbiddenNamesTheVariablesThatCarryTheSecret() {
    assertEquals(
        server.base()
            + " answered 403 (Wrong secret); set HERMES_SECRET or HERMES_SECRET_FILE to the"
            + " endpoint's secret",
        failure(new StatusClient(Map.of()), server.base(), "/refuse"));
  }

  @Test
  void anyOtherStatusIsShownWithItsReason() {
    assertEquals(
        server.base() + " answered 500: boom",
        failure(new StatusClient(Map.of()), server.base(), "/broken"));
  }

  @Test
  void nobodyListeningPointsToTheListCommand() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    String base = "http://127.0.0.1:" + port;
    String message = failure(new StatusClient(Map.of()), base, "/");
    assertTrue(message.startsWith("cannot reach " + base + " ("), message);
    assertTrue(
        message.endsWith(
            "); is a JVM with Hermes listening there? 'java -jar hermes.jar list' shows the"
                + " local ones"),
        message);
  }

  @Test
  void silenceIsNoAnswer() {
    assertEquals(
        "no answer from " + server.base() + " (Read timed out)",
        failure(new StatusClient(Map.of(), 2000, 200), server.base(), "/slow"));
  }

  @Test
  void tlsToAPlainEndpointAdvisesATrustStore() throws Exception {
    try (ServerSocket plain = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Thread answering =
          new Thread(
              () -> {
                try (Socket s = plain.accept()) {
                  s.getOutputStream().write("HTTP/1.1 200 OK\r\n\r\n".getBytes(UTF_8));
                } catch (IOException e) {
                  // the client is gone; its failure is what the test reads
                }
              });
      answering.start();
      String base = "https://127.0.0.1:" + plain.getLocalPort();
      String message = failure(new StatusClient(Map.of(), 2000, 2000), base, "/ok");
      assertTrue(message.startsWith("TLS with " + base + " failed ("), message);
      assertTrue(
          message.endsWith("); trust its certificate with -Djavax.net.ssl.trustStore=..."),
          message);
      answering.join(5000);
    }
  }

  @Test
  void eachFailureHasItsLine() {
    String base = "http://h:1";
    assertEquals(
        "cannot reach http://h:1: unknown host h",
        StatusClient.failure(base, new UnknownHostException("h")).getMessage());
    assertEquals(
        "TLS with http://h:1 failed (bad cert); trust its certificate with"
            + " -Djavax.net.ssl.trustStore=...",
        StatusClient.failure(base, new SSLHandshakeException("bad cert")).getMessage());
    assertEquals(
        "cannot read http://h:1: java.io.IOException: odd",
        StatusClient.failure(base, new IOException("odd")).getMessage());
  }

  @Test
  void aUrlThatCannotBeUsedIsSaidSo() {
    String message = failure(new StatusClient(Map.of()), "http://a b", "/");
    assertTrue(message.startsWith("cannot use http://a b: "), message);
  }
}
