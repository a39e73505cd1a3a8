package dev.hermes.agent.http;

import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import dev.hermes.agent.AgentConfig;
import dev.hermes.agent.Endpoint;
import dev.hermes.agent.tree.ChildRegistry;
import dev.hermes.api.StatusStore;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The JDK's {@code HttpServer} with Hermes's routes, on named daemon threads.
 *
 * <p>{@code Endpoint e = StatusServer.start(config, StatusStore.global(), registry);}
 */
public final class StatusServer implements Endpoint {
  private static final String NODELAY = "sun.net.httpserver.nodelay";
  private static final int WORKERS = 2;

  private final HttpServer server;
  private final ExecutorService executor;
  private final String url;

  private StatusServer(HttpServer server, ExecutorService executor, String url) {
    this.server = server;
    this.executor = executor;
    this.url = url;
  }

  /** Binds and starts serving; throws if the address cannot be bound. */
  public static Endpoint start(AgentConfig config, StatusStore store, ChildRegistry registry)
      throws IOException {
    // Without TCP_NODELAY the JDK server manages ~90 keep-alive requests/s; it is read once, at
    // class initialisation, so an explicit setting by the host is left as it is.
    if (System.getProperty(NODELAY) == null) {
      System.setProperty(NODELAY, "true");
    }
    InetAddress address = InetAddress.getByName(config.bind());
    HttpServer server = HttpServer.create(new InetSocketAddress(address, config.port()), 64);
    Map<String, Route> routes = new LinkedHashMap<>();
    StatusHandler status = new StatusHandler(store);
    routes.put("/", new Route(status, "GET"));
    routes.put("/status", new Route(status, "GET"));
    routes.put("/health", new Route(new HealthHandler(), "GET"));
    routes.put("/hermes/join", new Route(new JoinHandler(registry), "POST"));
    routes.put("/hermes/update", new Route(new UpdateHandler(registry), "POST"));
    HttpContext root = server.createContext("/", new Router(routes));
    // Streaming routes get contexts of their own (a Router closes each exchange it answers);
    // every context carries the root's filters.
    for (Map.Entry<String, HttpHandler> stream : streams(store, registry).entrySet()) {
      server
          .createContext(stream.getKey(), stream.getValue())
          .getFilters()
          .addAll(root.getFilters());
    }
    ExecutorService executor = workers();
    server.setExecutor(executor);
    server.start();
    return new StatusServer(server, executor, url(address, server.getAddress().getPort()));
  }

  /** Routes that keep their exchange open (none yet), by path. */
  private static Map<String, HttpHandler> streams(StatusStore store, ChildRegistry registry) {
    return new LinkedHashMap<>();
  }

  @Override
  public String url() {
    return url;
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private static ExecutorService workers() {
    AtomicInteger count = new AtomicInteger();
    // A full queue makes the dispatcher run the request itself: back-pressure, not memory growth.
    return new ThreadPoolExecutor(
        WORKERS,
        WORKERS,
        0,
        TimeUnit.SECONDS,
        new ArrayBlockingQueue<>(256),
        r -> {
          Thread t = new Thread(r, "hermes-http-" + count.incrementAndGet());
          t.setDaemon(true);
          return t;
        },
        new ThreadPoolExecutor.CallerRunsPolicy());
  }

  private static String url(InetAddress address, int port) {
    String host = address.isAnyLocalAddress() ? "127.0.0.1" : address.getHostAddress();
    if (host.indexOf(':') >= 0) {
      host = "[" + host + "]";
    }
    return "http://" + host + ":" + port;
  }
}
