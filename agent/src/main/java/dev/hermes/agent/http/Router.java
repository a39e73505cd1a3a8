package dev.hermes.agent.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.hermes.agent.support.Log;
import dev.hermes.agent.support.TextEscaping;
import java.io.IOException;
import java.util.Map;

/**
 * Sends each request to the route of its exact path: 404 for none, 405 (with Allow) for others, 500
 * when a handler fails. It closes each exchange it answers, unless a streaming route's handler took
 * the exchange over.
 *
 * <p>{@code server.createContext("/", new Router(Map.of("/health", healthRoute)));}
 */
final class Router implements HttpHandler {
  private final Map<String, Route> routes;
  // The browser view, made at its first request: its classes never load in a JVM nobody views.
  private volatile Route ui;

  Router(Map<String, Route> routes) {
    this.routes = Map.copyOf(routes);
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    // An IOException (the client went away mid-answer) is left to the JDK server, which then
    // closes and forgets the connection. Catching it and closing the exchange here instead
    // leaves the connection counted against maxConnections for good on JDK 17: after enough
    // broken clients the endpoint refuses every connection (found by bench/load).
    boolean handedOver = false;
    try {
      handedOver = dispatch(exchange);
    } catch (RuntimeException | Error e) {
      logFailure(exchange, e);
      try {
        Responses.error(exchange, 500, "Internal error; see the JVM's stderr");
      } catch (RuntimeException alreadyAnswering) {
        // The response was under way; the exchange is closed below.
      }
    }
    if (!handedOver) {
      exchange.close();
    }
  }

  /** Answers the request; true when a streaming route's thread now owns the exchange. */
  private boolean dispatch(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    Route route = routes.get(path);
    if (route == null && (path.equals(UiHandler.PATH) || path.startsWith(UiHandler.PATH + "/"))) {
      route = ui();
    }
    if (route == null) {
      Responses.error(exchange, 404, "Not found: " + printable(path) + "; try / or /health");
      return false;
    }
    if (!route.allows(exchange.getRequestMethod())) {
      exchange.getResponseHeaders().set("Allow", route.allowHeader());
      Responses.error(
          exchange, 405, "Method " + printable(exchange.getRequestMethod()) + " not allowed");
      return false;
    }
    return route.handler.handle(exchange);
  }

  private Route ui() {
    Route r = ui;
    if (r == null) {
      r = new Route(new UiHandler(), "GET");
      ui = r; // two made at once is harmless: they serve the same files
    }
    return r;
  }

  /**
   * One line on stderr, of bounded length (the path cut at 100 characters, the cause at 150): both
   * can carry whatever a client sent, and a join with a 1 MB main once put a 1 MB line in the
   * host's log. The whole cause, with its stack trace, only in debug mode.
   */
  private static void logFailure(HttpExchange exchange, Throwable e) {
    String request = "request to " + printable(exchange.getRequestURI().getPath()) + " failed";
    if (Log.isDebug()) {
      Log.error(request, e);
    } else {
      Log.warn(request + ": " + excerpt(Log.describe(e), 150));
    }
  }

  /** A path or method fit for a one-line error: escaped, and cut at 100 characters. */
  static String printable(String s) {
    return excerpt(s, 100);
  }

  /** {@code s} escaped and cut at {@code max} characters, with "..." where it was cut. */
  private static String excerpt(String s, int max) {
    if (s == null) {
      return "";
    }
    String escaped = TextEscaping.escape(s.length() > max ? s.substring(0, max) : s);
    boolean cut = s.length() > max || escaped.length() > max;
    // An escape sequence may be cut short: the line is a hint, not the data.
    return cut ? escaped.substring(0, Math.min(max, escaped.length())) + "..." : escaped;
  }
}
