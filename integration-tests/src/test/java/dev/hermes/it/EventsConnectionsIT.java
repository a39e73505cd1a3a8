package dev.hermes.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * {@code /events} consumers that come and go: a stream that has ended gives back its connection and
 * its slot, whatever the JDK, however the consumer left.
 */
class EventsConnectionsIT {
  /**
   * More streams, one after another, than the server keeps connections: 256 in an app with a 32 MiB
   * heap (a quarter of the heap at 32 KiB a connection, see ServerProperties).
   */
  private static final int SESSIONS = 300;

  // Regression (issue 10, finding 1): on JDK 17 the 256th stream, and every connection after it
  // (/health too), was reset: each stream whose consumer had gone stayed counted as open.
  @Test
  void streamsClosedByTheirConsumersGiveTheirConnectionsBack() throws Exception {
    // TickApp reports every 100 ms: events flow while consumers come and go.
    try (App app = new App("dev.hermes.it.apps.TickApp")) {
      for (int i = 1; i <= SESSIONS; i++) {
        String head = openReadAndClose(app.url, "/events", 50, false);
        if (!head.startsWith("HTTP/1.1 200 ")) {
          fail("stream " + i + " of " + SESSIONS + ": " + describe(head));
        }
      }
      assertEquals(200, Http.get(app.url + "/health").status, "serving after " + SESSIONS);
      assertEquals("", app.jvm.stderr());
    }
  }

  // Regression (issue 10, finding 11): a closed stream held its slot until its next ping (15 s of
  // quiet), so reconnecting consumers got 503 after 16 streams while no events flowed.
  @Test
  void aClosedStreamFreesItsSlotAtOnce() throws Exception {
    try (App app = new App("dev.hermes.it.apps.PlainApp", "600000")) {
      for (int i = 1; i <= 40; i++) {
        // Every other consumer leaves with a reset rather than a FIN.
        String head = openReadAndClose(app.url, "/events", 0, i % 2 == 0);
        if (!head.startsWith("HTTP/1.1 200 ")) {
          fail("stream " + i + " of 40, one after another, no events: " + describe(head));
        }
      }
      assertEquals("", app.jvm.stderr());
    }
  }

  /** A JVM running {@code main} with the agent on a free port, once its endpoint answers. */
  private static final class App implements AutoCloseable {
    final Started jvm;
    final String url;

    App(String main, String... args) throws Exception {
      int port = Jvm.freePort();
      url = "http://127.0.0.1:" + port;
      jvm =
          Jvm.withAgent("port=" + port + ",jmx=off")
              .option("-Xmx32m")
              .classPath(Jvm.apps(), Jvm.apiJar().toString())
              .main(main, args)
              .start();
      jvm.awaitBody(url + "/health", b -> true);
    }

    @Override
    public void close() {
      jvm.close();
    }
  }

  /**
   * Opens {@code path} on a raw socket, reads the response head, waits {@code millis} and closes
   * the socket as a consumer does (FIN), or with a reset; returns the head, or the failure as text.
   */
  static String openReadAndClose(String url, String path, long millis, boolean reset)
      throws Exception {
    URI uri = URI.create(url);
    try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
      socket.setSoTimeout(5000);
      if (reset) {
        socket.setSoLinger(true, 0);
      }
      socket
          .getOutputStream()
          .write(
              ("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
      String head = head(socket.getInputStream());
      Thread.sleep(millis);
      return head;
    } catch (IOException e) {
      return e.toString();
    }
  }

  /** The status line and headers, up to the blank line. */
  private static String head(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    int c;
    while ((c = in.read()) >= 0) {
      head.append((char) c);
      if (head.length() >= 4 && head.lastIndexOf("\r\n\r\n") == head.length() - 4) {
        break;
      }
    }
    return head.toString();
  }

  /** A failed answer in a few words: its status line, or what happened instead. */
  private static String describe(String head) {
    if (head.isEmpty()) {
      return "the connection was closed unanswered";
    }
    int end = head.indexOf("\r\n");
    return end < 0 ? head : head.substring(0, end);
  }
}
