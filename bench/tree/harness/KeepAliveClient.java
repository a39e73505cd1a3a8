import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A minimal HTTP/1.1 client on one keep-alive connection to 127.0.0.1, so that a latency figure
 * is the server's and not a client library's: {@code new KeepAliveClient(port).get("/")}. Reads
 * Content-Length and chunked bodies; reconnects when the server closes (counted in {@link
 * #reconnects}). No Accept-Encoding is sent: every server answers uncompressed.
 */
final class KeepAliveClient implements Closeable {
  /** A response: status and body. */
  record Response(int status, byte[] body) {
    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  private final int port;
  private final int timeoutMillis;
  private Socket socket;
  private OutputStream out;
  private InputStream in;
  int reconnects = -1; // the first connect is not a reconnect

  KeepAliveClient(int port) {
    this(port, 10_000);
  }

  KeepAliveClient(int port, int timeoutMillis) {
    this.port = port;
    this.timeoutMillis = timeoutMillis;
  }

  Response get(String path) throws IOException {
    boolean fresh = socket == null;
    if (fresh) {
      connect();
    }
    try {
      return exchange(path);
    } catch (EOFException | java.net.SocketException e) {
      if (fresh) {
        throw e;
      }
      close(); // the server closed an idle keep-alive connection: one retry on a new one
      connect();
      return exchange(path);
    }
  }

  private void connect() throws IOException {
    socket = new Socket();
    socket.setTcpNoDelay(true);
    socket.setSoTimeout(timeoutMillis);
    socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), timeoutMillis);
    out = socket.getOutputStream();
    in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
    reconnects++;
  }

  private Response exchange(String path) throws IOException {
    out.write(
        ("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
    out.flush();
    String statusLine = line();
    if (statusLine.length() < 12 || !statusLine.startsWith("HTTP/1.")) {
      throw new IOException("not an HTTP status line: [" + statusLine + "]");
    }
    int status = Integer.parseInt(statusLine.substring(9, 12));
    long length = -1;
    boolean chunked = false;
    boolean closing = statusLine.startsWith("HTTP/1.0");
    for (String h; !(h = line()).isEmpty(); ) {
      int colon = h.indexOf(':');
      if (colon < 0) {
        continue;
      }
      String name = h.substring(0, colon).trim().toLowerCase(Locale.ROOT);
      String value = h.substring(colon + 1).trim().toLowerCase(Locale.ROOT);
      switch (name) {
        case "content-length" -> length = Long.parseLong(value);
        case "transfer-encoding" -> chunked = value.contains("chunked");
        case "connection" ->
            closing = value.contains("close") || (closing && !value.contains("keep-alive"));
        default -> {}
      }
    }
    byte[] body;
    if (chunked) {
      ByteArrayOutputStream buf = new ByteArrayOutputStream();
      for (int size; (size = Integer.parseInt(line().split(";")[0].trim(), 16)) > 0; ) {
        buf.write(in.readNBytes(size));
        line();
      }
      while (!line().isEmpty()) {} // trailers
      body = buf.toByteArray();
    } else if (length >= 0) {
      body = in.readNBytes((int) length);
      if (body.length < length) {
        throw new EOFException("body cut short");
      }
    } else {
      body = in.readAllBytes();
      closing = true;
    }
    if (closing) {
      close();
    }
    return new Response(status, body);
  }

  private String line() throws IOException {
    StringBuilder sb = new StringBuilder();
    for (int c; (c = in.read()) != '\n'; ) {
      if (c < 0) {
        throw new EOFException("connection closed");
      }
      if (c != '\r') {
        sb.append((char) c);
      }
    }
    return sb.toString();
  }

  @Override
  public void close() {
    if (socket != null) {
      try {
        socket.close();
      } catch (IOException ignored) {
        // closing: nothing to do
      }
      socket = null;
    }
  }
}
