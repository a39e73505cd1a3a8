package dev.hermes.agent.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.hermes.agent.support.Log;
import java.io.IOException;
import java.util.Map;

/**
 * {@code GET /events[?prefix=worker1/]}: key changes and child joins and exits as Server-Sent
 * Events. The handler only sends the headers and hands the exchange to a subscriber's own thread,
 * so an open stream never holds one of the server's workers.
 */
final class EventsHandler implements HttpHandler {
  static final String PATH = "/events";
  static final String CONTENT_TYPE = "text/event-stream; charset=utf-8";

  private final EventStreams streams;

  EventsHandler(EventStreams streams) {
    this.streams = streams;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    // An IOException is left to the JDK server, which then forgets the connection (see Router).
    try {
      if (serve(exchange)) {
        return; // a subscriber's thread owns the exchange now
      }
    } catch (RuntimeException | Error e) {
      Log.error("request to " + PATH + " failed", e);
      try {
        Responses.error(exchange, 500, "Internal error; see the JVM's stderr");
      } catch (RuntimeException alreadyAnswering) {
        // The response was under way; the exchange is closed below.
      }
    }
    exchange.close();
  }

  /** Answers the request; true when a subscriber's thread now owns the exchange. */
  private boolean serve(HttpExchange exchange) throws IOException {
    // The context matches every path that starts with /events; only /events itself is ours.
    String path = exchange.getRequestURI().getPath();
    if (!PATH.equals(path)) {
      Responses.error(exchange, 404, "Not found: " + Router.printable(path) + "; try / or /health");
      return false;
    }
    String method = exchange.getRequestMethod();
    if (!"GET".equals(method) && !"HEAD".equals(method)) {
      exchange.getResponseHeaders().set("Allow", "GET, HEAD");
      Responses.error(exchange, 405, "Method " + Router.printable(method) + " not allowed");
      return false;
    }
    Map<String, String> params = Query.of(exchange);
    if (params == null) {
      return false;
    }
    if ("HEAD".equals(method)) {
      Responses.send(exchange, 200, CONTENT_TYPE, new byte[0]);
      return false;
    }
    EventSubscriber subscriber = streams.open(exchange, params.getOrDefault("prefix", ""));
    if (subscriber == null) {
      exchange.getResponseHeaders().set("Retry-After", "5");
      Responses.error(
          exchange,
          503,
          "Too many event streams (at most "
              + streams.max()
              + " at once); close one or retry later");
      return false;
    }
    boolean started = false;
    try {
      exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
      exchange.getResponseHeaders().set("Cache-Control", "no-cache");
      exchange.sendResponseHeaders(200, 0); // 0: chunked, for as long as the stream lasts
      streams.start(subscriber);
      started = true;
    } finally {
      if (!started) {
        subscriber.cancel();
      }
    }
    return true;
  }
}
