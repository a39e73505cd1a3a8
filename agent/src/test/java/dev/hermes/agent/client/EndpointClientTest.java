package dev.hermes.agent.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hermes.agent.config.Contract;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** EndpointClient against a real HttpServer on 127.0.0.1: headers, refused, failed, timed out. */
class EndpointClientTest {
  private final TestEndpoint server;

  EndpointClientTest() throws IOException {
    server = TestEndpoint.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void getSendsTheSecretAndReturnsTheBody() throws Exception {
    byte[] body = new EndpointClient("s3cret", null).get(server.url("/ok"), 2000, 2000);
    assertArrayEquals(utf8("fine"), body);
    assertEquals("GET", server.method());
    assertEquals("s3cret", server.header(Contract.SECRET_HEADER));
    assertNull(server.header(Contract.SESSION_HEADER));
  }

  @Test
  void noSecretMeansNoHeader() throws Exception {
    new EndpointClient(null, null).get(server.url("/ok"), 2000, 2000);
    assertNull(server.header(Contract.SECRET_HEADER));
  }

  @Test
  void postSendsTheJsonTheSecretAndTheSession() throws Exception {
    byte[] answer =
        new EndpointClient("s3cret", null)
            .post(server.url("/ok"), utf8("{\"full\":true}"), "sess", 2000);
    assertArrayEquals(utf8("fine"), answer);
    assertEquals("POST", server.method());
    assertEquals("{\"full\":true}", server.body());
    assertEquals("application/json", server.header("Content-Type"));
    assertEquals("s3cret", server.header(Contract.SECRET_HEADER));
    assertEquals("sess", server.header(Contract.SESSION_HEADER));
  }

  @Test
  void aPeerCannotFillThisHeapWithItsAnswers() throws Exception {
    EndpointClient client = new EndpointClient(null, null);
    IOException huge =
        assertThrows(
            IOException.class, () -> client.post(server.url("/huge"), utf8("{}"), null, 2000));
    assertTrue(huge.getMessage().startsWith("answer larger than 65536 bytes"), huge.getMessage());
    RefusedException refused =
        assertThrows(
            RefusedException.class,
            () -> client.post(server.url("/hugeRefusal"), utf8("{}"), null, 2000));
    assertEquals(EndpointClient.MAX_ERROR_BYTES, refused.body().length());
    assertEquals(1 << 20, client.get(server.url("/huge"), 2000, 2000).length, "a GET reads all");
  }

  @Test
  void forbiddenIsRefusedWithTheEndpointsReason() {
    RefusedException e =
        assertThrows(
            RefusedException.class,
            () ->
                new EndpointClient("wrong", null)
                    .post(server.url("/refuse"), utf8("{}"), null, 2000));
    assertEquals("Wrong secret\nmore", e.getMessage());
    assertEquals("Wrong secret\nmore", e.body());
    assertThrows(
        RefusedException.class,
        () -> new EndpointClient("wrong", null).get(server.url("/refuse"), 2000, 2000));
  }

  @Test
  void anyOtherStatusFailsWithItsBodyButIsNotARefusal() {
    IOException e =
        assertThrows(
            IOException.class,
            () ->
                new EndpointClient(null, null).post(server.url("/broken"), utf8("{}"), null, 2000));
    assertFalse(e instanceof RefusedException, e.toString());
    UnexpectedStatusException answer = (UnexpectedStatusException) e;
    assertEquals(500, answer.status());
    assertEquals("boom\n", answer.body());
  }

  @Test
  void silenceBeyondTheTimeoutFails() {
    long start = System.nanoTime();
    assertThrows(
        SocketTimeoutException.class,
        () -> new EndpointClient(null, null).post(server.url("/slow"), utf8("{}"), null, 200));
    assertThrows(
        SocketTimeoutException.class,
        () -> new EndpointClient(null, null).get(server.url("/slow"), 2000, 200));
    assertTrue(System.nanoTime() - start < 5_000_000_000L, "timed out late");
  }

  @Test
  void nobodyListeningFailsToConnect() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    URI closed = URI.create("http://127.0.0.1:" + port + "/hermes/join");
    assertThrows(
        ConnectException.class,
        () -> new EndpointClient(null, null).post(closed, utf8("{}"), null, 2000));
  }
}
