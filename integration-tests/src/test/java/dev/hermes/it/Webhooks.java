package dev.hermes.it;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;

/** A real webhook receiver on 127.0.0.1: keeps each body; one that hangs answers nobody. */
final class Webhooks implements AutoCloseable {
  final List<String> bodies = new CopyOnWriteArrayList<>();
  private final CountDownLatch release = new CountDownLatch(1);
  private final HttpServer server;

  private Webhooks(int port, boolean hang) throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
    server.setExecutor(Executors.newCachedThreadPool());
    server.createContext(
        "/",
        exchange -> {
          byte[] body = exchange.getRequestBody().readAllBytes();
          if (hang) {
            try {
              release.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
          bodies.add(new String(body, StandardCharsets.UTF_8));
          exchange.sendResponseHeaders(204, -1);
          exchange.close();
        });
    server.start();
  }

  /** A receiver that answers 204 at once. */
  static Webhooks on(int port) throws IOException {
    return new Webhooks(port, false);
  }

  /** A receiver that reads each request and never answers. */
  static Webhooks hanging() throws IOException {
    return new Webhooks(0, true);
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
  }

  /** Waits up to 30 s for {@code n} bodies; returns them. */
  List<String> await(int n) throws InterruptedException {
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (bodies.size() < n && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    return List.copyOf(bodies);
  }

  @Override
  public void close() {
    release.countDown();
    server.stop(0);
  }
}
