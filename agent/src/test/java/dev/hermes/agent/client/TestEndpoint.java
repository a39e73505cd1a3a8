package dev.hermes.agent.client;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A real HTTP server on 127.0.0.1 (an ephemeral port) for client tests: {@code /ok} answers 200
 * {@code fine}, {@code /refuse} 403 {@code Wrong secret}, {@code /broken} 500 {@code boom}, and
 * {@code /slow} nothing until closed. It keeps the last request's method, headers and body.
 *
 * <p>{@code try (TestEndpoint server = TestEndpoint.start()) { get(server.url("/ok")); }}
 */
public final class TestEndpoint implements AutoCloseable {
  private final HttpServer server;
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final CountDownLatch closing = new CountDownLatch(1);
  private volatile String method;
  private volatile Headers headers;
  private volatile byte[] body;

  private TestEndpoint() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/ok", exchange -> answer(exchange, 200, "fine"));
    server.createContext("/refuse", exchange -> answer(exchange, 403, "Wrong secret\nmore"));
    server.createContext("/broken", exchange -> answer(exchange, 500, "boom\n"));
    // A peer that answers with megabytes, as a rogue parent might.
    server.createContext("/huge", exchange -> answer(exchange, 200, "x".repeat(1 << 20)));
    server.createContext("/hugeRefusal", exchange -> answer(exchange, 403, "y".repeat(1 << 20)));
    server.createContext(
        "/slow",
        exchange -> {
          try {
            closing.await(10, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          answer(exchange, 200, "late");
        });
    server.setExecutor(threads);
    server.start();
  }

  /** A server, started. */
  public static TestEndpoint start() throws IOException {
    return new TestEndpoint();
  }

  /** {@code http://127.0.0.1:<port>} followed by {@code path}. */
  public URI url(String path) {
    return URI.create(base() + path);
  }

  /** {@code http://127.0.0.1:<port>}. */
  public String base() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** The port it listens on. */
  public int port() {
    return server.getAddress().getPort();
  }

  /** The method of the last request, or null. */
  public String method() {
    return method;
  }

  /** A header of the last request, or null. */
  public String header(String name) {
    return headers == null ? null : headers.getFirst(name);
  }

  /** The body of the last request, or null. */
  public String body() {
    return body == null ? null : new String(body, StandardCharsets.UTF_8);
  }

  private void answer(HttpExchange exchange, int status, String text) throws IOException {
    method = exchange.getRequestMethod();
    headers = exchange.getRequestHeaders();
    body = exchange.getRequestBody().readAllBytes();
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    closing.countDown();
    server.stop(0);
    threads.shutdownNow();
  }
}
