package dev.hermes.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Clients that send their requests a byte at a time cost their own connections and nothing else:
 * the endpoint answers everyone else at once, and cuts each slow request off at its deadline.
 */
class SlowClientsIT {
  /** Within this, a request that waits for nothing is answered, even on a loaded test machine. */
  private static final long PROMPT_MILLIS = 2000;

  // Regression (issue 10, finding 8): with 16 workers busy on slow clients the dispatcher read the
  // next slow request itself, so nobody else was served: /health took over 15 s with 40 clients.
  @Test
  void aHundredSlowClientsDelayNobodyElse() throws Exception {
    Tree tree = Tree.start("", "key=role=root", "child=java,kid,count=n,100");
    try (Started root = tree.root;
        Slow slow = new Slow()) {
      tree.await("kid/role.ready: yes");
      for (int i = 0; i < 100; i++) {
        // Half send their head slowly, half a complete head and then their body slowly.
        slow.open(
            tree.url,
            i % 2 == 0
                ? "GET /status HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: "
                : "POST /hermes/join HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 1000\r\n\r\n{");
      }
      Thread.sleep(300); // each now holds a request the server is reading
      Timed health = Timed.get(tree.url, "/health");
      assertEquals("HTTP/1.1 200", health.status(), health.toString());
      assertTrue(health.millis < PROMPT_MILLIS, "with 100 slow clients: " + health);
      Timed push =
          Timed.send(
              tree.url,
              "POST /hermes/update HTTP/1.1\r\nHost: 127.0.0.1\r\nHermes-Session: none\r\n"
                  + "Content-Length: 2\r\nConnection: close\r\n\r\n{}");
      assertEquals("HTTP/1.1 403", push.status(), push.toString());
      assertTrue(push.millis < PROMPT_MILLIS, "a push with 100 slow clients: " + push);
      long before = count(Timed.get(tree.url, "/"));
      Thread.sleep(1000);
      long after = count(Timed.get(tree.url, "/"));
      assertTrue(after > before, "the child's pushes arrive: kid/n " + before + " then " + after);
      assertEquals(100, slow.connected(), "every slow client got a connection");
    }
  }

  // Not a regression: the JDK server's request deadline (maxReqTime, 5 s) covers the body too, as
  // it leaves the request state only once the body's last byte is read. This pins the documented
  // limit for both kinds of body, whatever a future JDK changes.
  @Test
  void aSlowBodyIsCutOffAtTheRequestDeadline() throws Exception {
    Tree tree = Tree.start("", "key=role=root");
    try (Started root = tree.root) {
      tree.await("role: root");
      String[] heads = {
        "POST /hermes/update HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 1000\r\n\r\n{",
        "POST /hermes/join HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n1\r\n{\r\n"
      };
      String[] drips = {" ", "1\r\n \r\n"};
      for (int i = 0; i < heads.length; i++) {
        long millis = untilCutOff(tree.url, heads[i], drips[i]);
        assertTrue(
            millis >= 4000 && millis <= 10_000, "cut off after " + millis + " ms: " + heads[i]);
      }
      assertEquals(200, Http.get(tree.url + "/health").status);
      assertEquals("", root.stderr());
    }
  }

  /**
   * Sends {@code head}, then {@code drip} every 500 ms, and returns how long until the server
   * closed the connection; fails if it answered anything.
   */
  private static long untilCutOff(String url, String head, String drip) throws Exception {
    URI uri = URI.create(url);
    long start = System.nanoTime();
    try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
      socket.setSoTimeout(500);
      OutputStream out = socket.getOutputStream();
      out.write(head.getBytes(StandardCharsets.US_ASCII));
      InputStream in = socket.getInputStream();
      while (System.nanoTime() - start < 20_000_000_000L) {
        try {
          int b = in.read();
          assertEquals(-1, b, "an answer to a request whose body never came");
          break;
        } catch (SocketTimeoutException stillOpen) {
          out.write(drip.getBytes(StandardCharsets.US_ASCII));
        } catch (IOException reset) {
          break;
        }
      }
    }
    return (System.nanoTime() - start) / 1_000_000;
  }

  private static long count(Timed status) {
    assertTrue(status.millis < PROMPT_MILLIS, status.toString());
    Map<String, String> keys = TextLines.parse(status.body());
    return Long.parseLong(keys.get("kid/n"));
  }

  /** Clients that send one more byte each second; closed together. */
  private static final class Slow implements AutoCloseable {
    private final List<Socket> sockets = new ArrayList<>();
    private final Thread feeder;
    private volatile boolean closed;

    Slow() {
      feeder = new Thread(this::feed, "slow-clients");
      feeder.setDaemon(true);
      feeder.start();
    }

    /** Connects and sends {@code start}; a client the server does not accept is counted out. */
    void open(String url, String start) throws IOException {
      URI uri = URI.create(url);
      Socket socket = new Socket();
      synchronized (sockets) {
        sockets.add(socket);
      }
      try {
        // 5 s: a burst of 100 connects can overflow the listen backlog (64), and the kernel
        // retries a dropped SYN after a second.
        socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 5000);
        socket.getOutputStream().write(start.getBytes(StandardCharsets.US_ASCII));
      } catch (SocketTimeoutException notAccepted) {
        socket.close();
      }
    }

    int connected() {
      synchronized (sockets) {
        return (int) sockets.stream().filter(s -> !s.isClosed()).count();
      }
    }

    private void feed() {
      while (!closed) {
        try {
          Thread.sleep(1000);
        } catch (InterruptedException e) {
          return;
        }
        List<Socket> now;
        synchronized (sockets) {
          now = new ArrayList<>(sockets);
        }
        for (Socket s : now) {
          try {
            s.getOutputStream().write('a');
          } catch (IOException cutOffOrNotAccepted) {
            // the server gave up on this one: its deadline passed
          }
        }
      }
    }

    @Override
    public void close() throws IOException {
      closed = true;
      feeder.interrupt();
      synchronized (sockets) {
        for (Socket s : sockets) {
          s.close();
        }
      }
    }
  }

  /** A request on a connection of its own, and how long its answer took. */
  static final class Timed {
    final String answer;
    final long millis;

    private Timed(String answer, long millis) {
      this.answer = answer;
      this.millis = millis;
    }

    static Timed get(String url, String path) throws IOException {
      return send(url, "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    }

    /** Sends {@code request} and reads the answer to its end (the server closes); 30 s at most. */
    static Timed send(String url, String request) throws IOException {
      URI uri = URI.create(url);
      long start = System.nanoTime();
      String answer;
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 30_000);
        socket.setSoTimeout(30_000);
        OutputStream out = socket.getOutputStream();
        out.write(request.getBytes(StandardCharsets.US_ASCII));
        InputStream in = socket.getInputStream();
        answer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      } catch (SocketTimeoutException e) {
        answer = "no answer in 30 s";
      }
      return new Timed(answer, (System.nanoTime() - start) / 1_000_000);
    }

    /** "HTTP/1.1 200", or the start of whatever came instead. */
    String status() {
      return answer.substring(0, Math.min(12, answer.length()));
    }

    String body() {
      int start = answer.indexOf("\r\n\r\n");
      return start < 0 ? "" : answer.substring(start + 4);
    }

    @Override
    public String toString() {
      int line = answer.indexOf("\r\n");
      return "[" + (line < 0 ? answer : answer.substring(0, line)) + "] in " + millis + " ms";
    }
  }
}
