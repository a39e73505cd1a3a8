import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Attack (b), a slow swarm of {@code n} clients, each on a thread of its own, reconnecting at once
 * when cut off. Half are "body" clients: the complete head of {@code POST /hermes/join} with {@code
 * Content-Length: 1000}, then one body byte a second. Half are "head" clients: the request head
 * itself one byte a second (an endless header, so it never completes). A client counts as cut off
 * when the root closes or resets the connection or answers (e.g. 408).
 */
final class SlowSwarm {
  enum Kind {
    HEAD,
    BODY
  }

  private static final byte[] BODY_HEAD =
      ("POST /hermes/join HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
              + "Content-Length: 1000\r\n\r\n")
          .getBytes(StandardCharsets.ISO_8859_1);
  private static final byte[] HEAD_PREFIX =
      "POST /hermes/join HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ".getBytes(StandardCharsets.ISO_8859_1);

  final Tally cuts = new Tally(); // "head closed", "body answered 408", "head reset", ...
  final Tally connectFailures = new Tally();
  final LongAdder connections = new LongAdder();
  final LongAdder answers = new LongAdder(); // answers the root sent (requests it served)
  final Map<Kind, List<Long>> lifetimesMs = Map.of(
      Kind.HEAD, Collections.synchronizedList(new ArrayList<>()),
      Kind.BODY, Collections.synchronizedList(new ArrayList<>()));
  private final Map<Socket, Long> open = new ConcurrentHashMap<>(); // socket -> connected at
  private final Map<Socket, Kind> kinds = new ConcurrentHashMap<>();
  private final List<Thread> threads = new ArrayList<>();
  private final int port;
  private volatile boolean stopped;

  SlowSwarm(int port, int clients) {
    this.port = port;
    for (int i = 0; i < clients; i++) {
      Kind kind = i % 2 == 0 ? Kind.BODY : Kind.HEAD;
      Thread t = new Thread(() -> client(kind), "slow-" + kind.name().toLowerCase() + "-" + i);
      t.setDaemon(true);
      threads.add(t);
    }
  }

  void start() {
    threads.forEach(Thread::start);
  }

  /** Ends every client; returns, per kind, how many were open and the oldest's age in seconds. */
  Map<Kind, double[]> stop() throws InterruptedException {
    stopped = true;
    long now = System.nanoTime();
    Map<Kind, double[]> atEnd = new ConcurrentHashMap<>();
    for (Kind k : Kind.values()) {
      atEnd.put(k, new double[] {0, 0});
    }
    open.forEach(
        (s, since) -> {
          double[] a = atEnd.get(kinds.get(s));
          if (a != null) {
            a[0]++;
            a[1] = Math.max(a[1], (now - since) / 1e9);
          }
        });
    open.keySet().forEach(RawHttp::closeQuietly);
    for (Thread t : threads) {
      t.join(2000);
    }
    return atEnd;
  }

  private void client(Kind kind) {
    String name = kind.name().toLowerCase();
    while (!stopped) {
      Socket s = new Socket();
      long since = 0;
      try {
        s.connect(new InetSocketAddress(RawHttp.LOOPBACK, port), 2000);
        since = System.nanoTime();
        kinds.put(s, kind);
        open.put(s, since);
        connections.increment();
        s.setSoTimeout(1000); // a read that times out is the second between two bytes
        OutputStream out = s.getOutputStream();
        InputStream in = s.getInputStream();
        if (kind == Kind.BODY) {
          out.write(BODY_HEAD);
        }
        for (int i = 0; !stopped; i++) {
          out.write(kind == Kind.HEAD && i < HEAD_PREFIX.length ? HEAD_PREFIX[i] : 'a');
          out.flush();
          int b;
          try {
            b = in.read();
          } catch (SocketTimeoutException e) {
            continue; // still open: the next byte
          }
          if (b < 0) {
            cut(kind, name + " closed", since);
          } else {
            answers.increment();
            cut(kind, name + " answered " + status(in, b), since);
          }
          break;
        }
      } catch (IOException e) {
        if (stopped) {
          break;
        }
        if (since == 0) {
          connectFailures.add(RawHttp.kind(e));
          Hog.sleepQuietly(200);
        } else {
          cut(kind, name + " " + RawHttp.kind(e), since);
        }
      } finally {
        open.remove(s);
        kinds.remove(s);
        RawHttp.closeQuietly(s);
      }
    }
  }

  private void cut(Kind kind, String how, long since) {
    if (!stopped) {
      cuts.add(how);
      lifetimesMs.get(kind).add((System.nanoTime() - since) / 1_000_000);
    }
  }

  /** The status code of an answer whose first byte was {@code first}. */
  private static String status(InputStream in, int first) {
    StringBuilder line = new StringBuilder().append((char) first);
    try {
      for (int b; line.length() < 12 && (b = in.read()) >= 0; ) {
        line.append((char) b);
      }
    } catch (IOException ignored) {
      // what was read is enough
    }
    String[] words = line.toString().split(" ");
    return words.length > 1 ? words[1] : "?";
  }
}
