package dev.hermes.agent.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hermes.agent.config.AgentArgs;
import dev.hermes.agent.server.Endpoint;
import dev.hermes.agent.server.EndpointLauncher;
import dev.hermes.agent.tree.ChildRegistry;
import dev.hermes.api.StatusStore;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Where the private server's connections are within reach, and where they are not. */
class ExchangeConnectionTest {
  @Test
  void outOfReachInTheBootLayersServer() {
    // Unit tests see the JDK's own jdk.httpserver, whose internals are not open to Hermes.
    assertFalse(ExchangeConnection.available());
    assertNull(ExchangeConnection.of(new FakeExchange("GET", "/events")));
  }

  @Test
  void withinReachInThePrivateCopy() throws Exception {
    // If a JDK renamed these members, streams would fall back on a plain close: JDK 17 would then
    // leak a connection per stream whose consumer left (issue 10, finding 1).
    Endpoint endpoint = start();
    try {
      Class<?> copy =
          Class.forName(
              ExchangeConnection.class.getName(), true, endpoint.getClass().getClassLoader());
      Method available = copy.getDeclaredMethod("available");
      available.setAccessible(true);
      assertEquals(true, available.invoke(null));
    } finally {
      endpoint.close();
    }
  }

  @Test
  void aStreamWhoseConsumerLeftFreesItsSlotAtOnce() throws Exception {
    // 16 slots, and nothing written to a stream after its hello while no key changes: without
    // watching the connection, the 17th stream would get 503 (issue 10, finding 11).
    Endpoint endpoint = start();
    try {
      URI uri = URI.create(endpoint.url());
      for (int i = 1; i <= 40; i++) {
        try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
          socket.setSoTimeout(5000);
          socket
              .getOutputStream()
              .write(
                  "GET /events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
                      .getBytes(StandardCharsets.US_ASCII));
          String head = readThroughHello(socket.getInputStream());
          assertTrue(head.startsWith("HTTP/1.1 200 "), "stream " + i + ": " + head);
        }
      }
    } finally {
      endpoint.close();
    }
  }

  /**
   * The response head and, for a stream, everything up to its first comment, so that no write to it
   * is left pending.
   */
  private static String readThroughHello(InputStream in) throws IOException {
    StringBuilder text = new StringBuilder();
    String end = "\r\n\r\n";
    int c;
    while (!text.toString().endsWith(end) && (c = in.read()) >= 0) {
      text.append((char) c);
      if (text.toString().endsWith("\r\n\r\n") && text.toString().startsWith("HTTP/1.1 200 ")) {
        end = ": hermes events\n\n";
      }
    }
    return text.toString();
  }

  private static Endpoint start() throws Exception {
    StatusStore store = StatusStore.global();
    return EndpointLauncher.start(
        AgentArgs.parse("port=0", Map.of()), store, new ChildRegistry(store, Duration.ZERO));
  }
}
