package dev.hermes.agent.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpPrincipal;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * An exchange that records the answer a handler gives: status, response headers, body, and whether
 * it was closed. Like the JDK's, it refuses a second {@code sendResponseHeaders}.
 *
 * <p>{@code FakeExchange x = new FakeExchange("GET", "/status?type=json"); handler.handle(x);}
 */
final class FakeExchange extends HttpExchange {
  private final String method;
  private final URI uri;
  private final Headers requestHeaders = new Headers();
  private final Headers responseHeaders = new Headers();
  private final Map<String, Object> attributes = new HashMap<>();
  private final Body body = new Body();
  private InputStream requestBody;
  private volatile int status = -1;
  private volatile long length;
  private volatile boolean closed;
  private int remotePort = 40000;

  FakeExchange(String method, String uri) {
    this(method, uri, new byte[0]);
  }

  FakeExchange(String method, String uri, byte[] requestBody) {
    this(method, URI.create(uri), requestBody);
  }

  FakeExchange(String method, URI uri, byte[] requestBody) {
    this.method = method;
    this.uri = uri;
    this.requestBody = new ByteArrayInputStream(requestBody);
  }

  /**
   * A request whose raw query string no {@link URI} would hold (the JDK server refuses such a
   * request line itself), to reach a handler's own check.
   */
  static FakeExchange withRawQuery(String method, String path, String rawQuery) {
    URI uri = mock(URI.class);
    when(uri.getPath()).thenReturn(path);
    when(uri.getRawQuery()).thenReturn(rawQuery);
    when(uri.toString()).thenReturn(path + "?" + rawQuery);
    return new FakeExchange(method, uri, new byte[0]);
  }

  /** Comes from 127.0.0.1:{@code port}; returns this exchange. */
  FakeExchange from(int port) {
    remotePort = port;
    return this;
  }

  /** Adds a request header; returns this exchange. */
  FakeExchange with(String name, String value) {
    requestHeaders.add(name, value);
    return this;
  }

  /** The status sent, -1 while none is. */
  int status() {
    return status;
  }

  /** The length given with the status: -1 no body, 0 chunked, else the body's length. */
  long length() {
    return length;
  }

  /** A response header's first value, or null. */
  String header(String name) {
    return responseHeaders.getFirst(name);
  }

  /** The response body written so far, as UTF-8. */
  String body() {
    return body.text();
  }

  /** Asserts a one-line plain-text error: {@code status}, and {@code message} as the body. */
  void assertError(int status, String message) {
    assertEquals(status, this.status, message);
    assertEquals("text/plain; charset=utf-8", header("Content-Type"));
    assertEquals(
        "HEAD".equals(method) ? "" : message + "\n", body(), "the body of a " + method + " answer");
  }

  /** Whether {@link #close} was called. */
  boolean closed() {
    return closed;
  }

  /** Whether the response body stream was closed (which ends a chunked body). */
  boolean bodyClosed() {
    return body.closed;
  }

  /** The most bytes given to one write of the response body. */
  int largestWrite() {
    return body.largest;
  }

  /** Makes every later write to the response body fail, as when the client has gone. */
  void breakConnection() {
    body.broken = true;
  }

  @Override
  public Headers getRequestHeaders() {
    return requestHeaders;
  }

  @Override
  public Headers getResponseHeaders() {
    return responseHeaders;
  }

  @Override
  public URI getRequestURI() {
    return uri;
  }

  @Override
  public String getRequestMethod() {
    return method;
  }

  @Override
  public HttpContext getHttpContext() {
    return null;
  }

  @Override
  public void close() {
    closed = true;
  }

  @Override
  public InputStream getRequestBody() {
    return requestBody;
  }

  @Override
  public OutputStream getResponseBody() {
    return body;
  }

  @Override
  public void sendResponseHeaders(int code, long responseLength) throws IOException {
    if (status != -1) {
      throw new IOException("headers already sent");
    }
    length = responseLength;
    status = code;
  }

  @Override
  public InetSocketAddress getRemoteAddress() {
    return new InetSocketAddress("127.0.0.1", remotePort);
  }

  @Override
  public int getResponseCode() {
    return status;
  }

  @Override
  public InetSocketAddress getLocalAddress() {
    return new InetSocketAddress("127.0.0.1", 9091);
  }

  @Override
  public String getProtocol() {
    return "HTTP/1.1";
  }

  @Override
  public Object getAttribute(String name) {
    return attributes.get(name);
  }

  @Override
  public void setAttribute(String name, Object value) {
    attributes.put(name, value);
  }

  @Override
  public void setStreams(InputStream in, OutputStream out) {
    if (in != null) {
      requestBody = in;
    }
  }

  @Override
  public HttpPrincipal getPrincipal() {
    return null;
  }

  /** The response body: safe to read from the test's thread while a stream's thread writes. */
  private static final class Body extends OutputStream {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private volatile boolean broken;
    private volatile int largest;
    private volatile boolean closed;

    @Override
    public synchronized void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) throws IOException {
      if (broken) {
        throw new IOException("Broken pipe");
      }
      bytes.write(b, off, len);
      largest = Math.max(largest, len);
    }

    @Override
    public void flush() throws IOException {
      if (broken) {
        throw new IOException("Broken pipe");
      }
    }

    @Override
    public void close() {
      closed = true;
    }

    synchronized String text() {
      return new String(bytes.toByteArray(), StandardCharsets.UTF_8);
    }
  }
}
