import com.sun.net.httpserver.*;
import java.io.*;
import java.net.*;
import java.nio.*;
import java.nio.channels.*;
import java.nio.charset.StandardCharsets;
import java.util.*;
import java.util.concurrent.*;

/**
 * The floor under a root's idle CPU: the JDK's own HTTP server (the system's copy, not Hermes's),
 * a handler that reads the body and answers "ok", and N keep-alive clients each POSTing a push-sized
 * body once a second, spread over the second as the simulated children are. The server's CPU is
 * what any root built on this server pays per push before doing anything of its own.
 *
 * <pre>
 * java ServerFloor server PORT pool|inline   # workers as Hermes's (a thread per request under way), or none
 * java ServerFloor client PORT N             # prints answers/s every 5 s
 * </pre>
 */
public class ServerFloor {
  public static void main(String[] a) throws Exception {
    if (a[0].equals("server")) {
      System.setProperty("sun.net.httpserver.maxIdleConnections", "20000");
      System.setProperty("jdk.httpserver.maxConnections", "20000");
      System.setProperty("sun.net.httpserver.nodelay", "true");
      HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", Integer.parseInt(a[1])), 4096);
      s.createContext("/", ex -> {
        ex.getRequestBody().readAllBytes();
        byte[] b = "ok".getBytes();
        ex.sendResponseHeaders(200, b.length);
        ex.getResponseBody().write(b);
        ex.close();
      });
      String mode = a[2];
      if (mode.equals("pool")) {
        // As Hermes's StatusServer: a thread per request under way, 2 kept, 1,024 at most.
        s.setExecutor(
            new ThreadPoolExecutor(2, 1024, 30, TimeUnit.SECONDS, new SynchronousQueue<>()));
      } // inline: no executor, the dispatcher runs each request itself
      s.start();
      Thread.sleep(Long.MAX_VALUE);
    }
    int port = Integer.parseInt(a[1]), n = Integer.parseInt(a[2]);
    Selector sel = Selector.open();
    byte[] body = "{\"full\":false,\"set\":{\"app.metrics.key_001\":{\"value\":\"v0042.00.0000012345\",\"age\":0.0}},\"removed\":[]}".getBytes();
    String head = "POST /hermes/update HTTP/1.1\r\nUser-Agent: Java/17\r\nHost: 127.0.0.1:" + port + "\r\nAccept: */*\r\nConnection: keep-alive\r\nContent-type: application/json\r\nHermes-Session: abcdefghijklmnopqrstuvwxyz012345\r\nContent-Length: " + body.length + "\r\n\r\n";
    ByteBuffer req = ByteBuffer.allocate(head.length() + body.length).put(head.getBytes()).put(body).flip();
    SocketChannel[] ch = new SocketChannel[n];
    for (int i = 0; i < n; i++) {
      ch[i] = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
      ch[i].configureBlocking(false);
      ch[i].register(sel, SelectionKey.OP_READ, i);
    }
    long start = System.nanoTime();
    long[] next = new long[n];
    for (int i = 0; i < n; i++) next[i] = start + 1_000_000_000L * i / n;
    ByteBuffer rb = ByteBuffer.allocate(4096);
    long bytes = 0, answer = 0, t0 = System.nanoTime();
    PriorityQueue<long[]> due = new PriorityQueue<>(Comparator.comparingLong(x -> x[0]));
    for (int i = 0; i < n; i++) due.add(new long[] {next[i], i});
    while (true) {
      long now = System.nanoTime();
      while (!due.isEmpty() && due.peek()[0] <= now) {
        long[] d = due.poll();
        int i = (int) d[1];
        ch[i].write(req.duplicate());
        due.add(new long[] {d[0] + 1_000_000_000L, i});
      }
      long wait = due.isEmpty() ? 100 : Math.max(1, (due.peek()[0] - System.nanoTime()) / 1_000_000);
      sel.select(wait);
      for (SelectionKey k : sel.selectedKeys()) {
        rb.clear();
        int r = ((SocketChannel) k.channel()).read(rb);
        if (r > 0) {
          bytes += r;
          if (answer == 0) {
            answer = r; // the first answer, whole on loopback; all are the same length
          }
        }
      }
      sel.selectedKeys().clear();
      if (System.nanoTime() - t0 > 5_000_000_000L) {
        System.out.println("answers/s " + (answer == 0 ? 0 : bytes / answer / 5));
        bytes = 0;
        t0 = System.nanoTime();
      }
    }
  }
}
