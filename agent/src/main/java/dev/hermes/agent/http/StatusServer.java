package dev.hermes.agent.http;

import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import com.sun.net.httpserver.spi.HttpServerProvider;
import dev.hermes.agent.config.AgentConfig;
import dev.hermes.agent.config.Contract;
import dev.hermes.agent.server.Endpoint;
import dev.hermes.agent.server.EndpointStarter;
import dev.hermes.agent.server.ServerProperties;
import dev.hermes.agent.support.Daemons;
import dev.hermes.agent.tls.TlsContext;
import dev.hermes.agent.tree.ChildRegistry;
import dev.hermes.api.StatusStore;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The JDK's {@code HttpServer} with Hermes's routes, on named daemon threads.
 *
 * <p>{@code Endpoint e = StatusServer.start(config, StatusStore.global(), registry);}
 */
public final class StatusServer implements Endpoint {
  private static final int CORE_WORKERS = 2;
  // The JDK server reads each request, head and body, and runs its handler on a worker: a client
  // that sends slowly holds a worker until its request is in or its 5 s are up. So a worker per
  // open connection, up to 1,024 (threads are made only as requests need them): a slow client
  // costs its own connection and the thread reading it, and delays nobody else, until more than
  // 1,024 clients are slow at once; then the next request is refused (its connection closed) until
  // a worker is free, within 5 s. A root's children push once a second and take a worker for well
  // under a millisecond each, so even 10,000 of them need few.
  static final int MAX_WORKERS = Math.min(ServerProperties.MAX_CONNECTIONS, 1024);

  // The JDK server's own provider: in the private copy (server.JdkHttpServerLoader) in production,
  // the JDK's in unit tests.
  private static final String DEFAULT_PROVIDER = "sun.net.httpserver.DefaultHttpServerProvider";

  private final HttpServer server;
  private final ExecutorService executor;
  private final String url;

  private StatusServer(HttpServer server, ExecutorService executor, String url) {
    this.server = server;
    this.executor = executor;
    this.url = url;
  }

  /** What {@code server.EndpointLauncher} creates in the private loader to start the endpoint. */
  public static final class Starter implements EndpointStarter {
    public Starter() {}

    @Override
    public Endpoint start(AgentConfig config, StatusStore store, ChildRegistry registry)
        throws IOException {
      return StatusServer.start(config, store, registry);
    }
  }

  /** Binds and starts serving; throws if the address cannot be bound. */
  public static Endpoint start(AgentConfig config, StatusStore store, ChildRegistry registry)
      throws IOException {
    InetAddress address = InetAddress.getByName(config.bind());
    InetSocketAddress bind = new InetSocketAddress(address, config.port());
    HttpServer server;
    HttpServerProvider provider = ownProvider();
    if (config.tls() == null) {
      server = provider.createHttpServer(bind, ServerProperties.BACKLOG);
    } else {
      HttpsServer https = provider.createHttpsServer(bind, ServerProperties.BACKLOG);
      try {
        https.setHttpsConfigurator(
            new HttpsConfigurator(TlsContext.forServer(config.tls(), config.tlsPassword())));
      } catch (GeneralSecurityException e) {
        throw new IOException("cannot use tls [" + config.tls() + "]: " + e.getMessage(), e);
      }
      server = https;
    }
    HttpContext root =
        server.createContext(
            "/",
            new Router(
                routes(
                    store,
                    registry,
                    EventStreams.Limits.defaults(),
                    config.require(),
                    config.secret() != null)));
    if (config.secret() != null) {
      root.getFilters().add(new SecretFilter(config.secret()));
    }
    // After the secret: a request that carries it passes whatever its Host.
    root.getFilters().add(new HostFilter(hostNames(config), config.secret() != null));
    // Room for scrapers however many children connect.
    root.getFilters().add(new ChildAdmission(ChildAdmission.maxChildren()));
    ExecutorService executor = workers(MAX_WORKERS);
    server.setExecutor(executor);
    server.start();
    String scheme = config.tls() == null ? "http" : "https";
    return new StatusServer(server, executor, url(scheme, address, server.getAddress().getPort()));
  }

  /**
   * The provider of the JDK server's copy this class is loaded with, never the one {@code
   * HttpServer.create} would look up: an application may name its own by the {@code
   * com.sun.net.httpserver.HttpServerProvider} property or a service file (Jetty's http-spi does),
   * built on the JDK's classes rather than this copy, and Hermes's endpoint must not depend on it.
   */
  private static HttpServerProvider ownProvider() throws IOException {
    try {
      return (HttpServerProvider)
          Class.forName(DEFAULT_PROVIDER, true, StatusServer.class.getClassLoader())
              .getDeclaredConstructor()
              .newInstance();
    } catch (ReflectiveOperationException | LinkageError | ClassCastException e) {
      throw new IOException("this JDK's HTTP server has no " + DEFAULT_PROVIDER + ": " + e, e);
    }
  }

  /** Every route, by exact path; package-private for tests. */
  static Map<String, Route> routes(
      StatusStore store, ChildRegistry registry, EventStreams.Limits eventLimits) {
    return routes(store, registry, eventLimits, List.of(), false);
  }

  /** Every route, with the children {@code /health/ready} requires and whether a secret is set. */
  static Map<String, Route> routes(
      StatusStore store,
      ChildRegistry registry,
      EventStreams.Limits eventLimits,
      List<String> required,
      boolean secretSet) {
    Map<String, Route> routes = new LinkedHashMap<>();
    StatusHandler status = new StatusHandler(store, Negotiation.STATUS);
    routes.put("/", new Route(status, "GET"));
    routes.put("/status", new Route(status, "GET"));
    routes.put("/health", new Route(new HealthHandler(), "GET"));
    routes.put(
        ReadinessHandler.LIVE_PATH,
        new Route(new ReadinessHandler(store, registry, required, secretSet, false), "GET"));
    routes.put(
        ReadinessHandler.READY_PATH,
        new Route(new ReadinessHandler(store, registry, required, secretSet, true), "GET"));
    routes.put("/metrics", new Route(new StatusHandler(store, Negotiation.METRICS), "GET"));
    routes.put(Contract.JOIN_PATH, new Route(new JoinHandler(registry), "POST"));
    routes.put(Contract.UPDATE_PATH, new Route(new UpdateHandler(registry), "POST"));
    routes.put(
        EventsHandler.PATH,
        Route.streaming(new EventsHandler(new EventStreams(store, eventLimits)), "GET"));
    return routes;
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

  /**
   * Daemon threads {@code hermes-http-N}, {@code max} at most, made as requests need them and gone
   * after 30 s idle. Never the dispatcher: it used to run a request itself once every worker was
   * busy, and a slow client then stopped it accepting and reading anyone else's (issue 10, finding
   * 8). With every worker busy the request is refused instead: the dispatcher catches the {@link
   * java.util.concurrent.RejectedExecutionException} and closes that one connection.
   * Package-private for tests.
   */
  static ThreadPoolExecutor workers(int max) {
    return new ThreadPoolExecutor(
        Math.min(CORE_WORKERS, max),
        max,
        30,
        TimeUnit.SECONDS,
        new SynchronousQueue<>(),
        Daemons.factory("hermes-http", true),
        new ThreadPoolExecutor.AbortPolicy());
  }

  /** The names a request's Host may give beside addresses and localhost: the bound, the allowed. */
  static List<String> hostNames(AgentConfig config) {
    List<String> names = new ArrayList<>(config.allowedHosts());
    names.add(config.bind().toLowerCase(Locale.ROOT));
    return names;
  }

  private static String url(String scheme, InetAddress address, int port) {
    String host = address.isAnyLocalAddress() ? "127.0.0.1" : address.getHostAddress();
    if (host.indexOf(':') >= 0) {
      host = "[" + host + "]";
    }
    return scheme + "://" + host + ":" + port;
  }
}
