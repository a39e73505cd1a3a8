package dev.hermes.agent.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.util.List;

/**
 * A path's handler and the methods it answers; HEAD goes wherever GET does. The handler of a
 * streaming route may hand its exchange to a thread of its own, which then closes it; the {@link
 * Router} closes every other exchange once its handler returns.
 *
 * <p>{@code new Route(new HealthHandler(), "GET")}, {@code Route.streaming(events, "GET")}
 */
final class Route {
  /** What a route runs for an allowed request. */
  interface Handler {
    /** Answers {@code exchange}; true when another thread took it over and will close it. */
    boolean handle(HttpExchange exchange) throws IOException;
  }

  final Handler handler;
  final List<String> methods;

  /** A route whose handler answers each exchange in full before it returns. */
  Route(HttpHandler handler, String... methods) {
    this(new Answering(handler), List.of(methods));
  }

  private Route(Handler handler, List<String> methods) {
    this.handler = handler;
    this.methods = methods;
  }

  /** A route whose handler may keep the exchange open, e.g. for an event stream. */
  static Route streaming(Handler handler, String... methods) {
    return new Route(handler, List.of(methods));
  }

  boolean allows(String method) {
    return methods.contains(method) || ("HEAD".equals(method) && methods.contains("GET"));
  }

  String allowHeader() {
    return methods.contains("GET")
        ? String.join(", ", methods) + ", HEAD"
        : String.join(", ", methods);
  }

  /** An {@link HttpHandler} as a route's handler: it never keeps the exchange. */
  private static final class Answering implements Handler {
    private final HttpHandler handler;

    Answering(HttpHandler handler) {
      this.handler = handler;
    }

    @Override
    public boolean handle(HttpExchange exchange) throws IOException {
      handler.handle(exchange);
      return false;
    }
  }
}
