import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A minimal HTTP/1.1 client over a plain socket, one request per connection ({@code Connection:
 * close}), with one deadline for everything (connect, writing the body, the whole answer): a timer
 * closes the socket when it passes, so a root that stops reading cannot block a writer forever.
 */
final class RawHttp {
  static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
  private static final ScheduledExecutorService TIMER =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "deadlines");
            t.setDaemon(true);
            return t;
          });

  /** An answer: its status and body (de-chunked). */
  static final class Answer {
    final int status;
    final byte[] body;

    Answer(int status, byte[] body) {
      this.status = status;
      this.body = body;
    }

    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  /** Every socket a request has open now, with the thread sending it: see {@link #closeAll}. */
  private static final java.util.Map<Socket, Thread> OPEN = new java.util.concurrent.ConcurrentHashMap<>();

  private RawHttp() {}

  /** Ends the requests {@code thread} has in flight (it sees an IOException). */
  static void closeAll(Thread thread) {
    OPEN.forEach((s, t) -> {
      if (t == thread) {
        closeQuietly(s);
      }
    });
  }

  static Answer get(int port, String target, int timeoutMs) throws IOException {
    return send(port, "GET", target, "", null, timeoutMs);
  }

  /** Sends a request; {@code headers} are extra header lines, each ending in CRLF. */
  static Answer send(int port, String method, String target, String headers, byte[] body, int timeoutMs)
      throws IOException {
    Socket s = new Socket();
    ScheduledFuture<?> guard = TIMER.schedule(() -> closeQuietly(s), timeoutMs, TimeUnit.MILLISECONDS);
    OPEN.put(s, Thread.currentThread());
    try (s) {
      s.connect(new InetSocketAddress(LOOPBACK, port), timeoutMs);
      s.setTcpNoDelay(true);
      String head =
          method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nConnection: close\r\n"
              + headers
              + (body == null ? "" : "Content-Type: application/json\r\nContent-Length: " + body.length + "\r\n")
              + "\r\n";
      OutputStream out = s.getOutputStream();
      out.write(head.getBytes(StandardCharsets.ISO_8859_1));
      if (body != null) {
        out.write(body);
      }
      out.flush();
      return read(s.getInputStream());
    } catch (IOException e) {
      if (guard.isDone() && !guard.isCancelled()) {
        throw new SocketTimeoutException("no answer in " + timeoutMs + " ms");
      }
      throw e;
    } finally {
      guard.cancel(false);
      OPEN.remove(s);
    }
  }

  /** How a request failed, for counting: timeout, conn-refused, reset, closed or io. */
  static String kind(IOException e) {
    if (e instanceof SocketTimeoutException) {
      return "timeout";
    }
    if (e instanceof ConnectException) {
      return "conn-refused";
    }
    if (e instanceof EOFException) {
      return "closed";
    }
    String m = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
    return m.contains("reset") || m.contains("broken pipe") ? "reset" : "io";
  }

  static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException ignored) {
      // closing is all we want
    }
  }

  /** Reads until the answer is complete (Content-Length, last chunk) or the root closes. */
  private static Answer read(InputStream in) throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    byte[] chunk = new byte[16384];
    for (int n; (n = in.read(chunk)) >= 0; ) {
      buf.write(chunk, 0, n);
      if (complete(buf.toByteArray())) {
        break;
      }
    }
    byte[] all = buf.toByteArray();
    int end = headEnd(all);
    if (end < 0) {
      throw new EOFException("closed before an answer (" + all.length + " bytes)");
    }
    String head = new String(all, 0, end, StandardCharsets.ISO_8859_1);
    String[] first = head.split("\r\n", 2)[0].split(" ");
    int status;
    try {
      status = Integer.parseInt(first[1]);
    } catch (RuntimeException e) {
      throw new IOException("not an HTTP answer: " + head.split("\r\n", 2)[0]);
    }
    byte[] body = java.util.Arrays.copyOfRange(all, end + 4, all.length);
    if (header(head, "transfer-encoding").equalsIgnoreCase("chunked")) {
      body = dechunk(body);
    }
    return new Answer(status, body);
  }

  private static boolean complete(byte[] all) {
    int end = headEnd(all);
    if (end < 0) {
      return false;
    }
    String head = new String(all, 0, end, StandardCharsets.ISO_8859_1);
    String length = header(head, "content-length");
    if (!length.isEmpty()) {
      return all.length - end - 4 >= Long.parseLong(length);
    }
    String tail = new String(all, Math.max(end, all.length - 5), Math.min(5, all.length - end), StandardCharsets.ISO_8859_1);
    return header(head, "transfer-encoding").equalsIgnoreCase("chunked") && tail.equals("0\r\n\r\n");
  }

  private static int headEnd(byte[] b) {
    for (int i = 0; i + 3 < b.length; i++) {
      if (b[i] == '\r' && b[i + 1] == '\n' && b[i + 2] == '\r' && b[i + 3] == '\n') {
        return i;
      }
    }
    return -1;
  }

  private static String header(String head, String name) {
    for (String line : head.split("\r\n")) {
      int colon = line.indexOf(':');
      if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
        return line.substring(colon + 1).trim();
      }
    }
    return "";
  }

  private static byte[] dechunk(byte[] b) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int i = 0;
    while (i < b.length) {
      int eol = i;
      while (eol + 1 < b.length && !(b[eol] == '\r' && b[eol + 1] == '\n')) {
        eol++;
      }
      int size = Integer.parseInt(new String(b, i, eol - i, StandardCharsets.ISO_8859_1).split(";")[0].trim(), 16);
      if (size == 0 || eol + 2 + size > b.length) {
        break;
      }
      out.write(b, eol + 2, size);
      i = eol + 2 + size + 2;
    }
    return out.toByteArray();
  }
}
