package dev.hermes.agent.http;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.Map;

/**
 * {@code GET /events[?prefix=worker1/]}: key changes and child joins and exits as Server-Sent
 * Events. The handler only sends the headers and hands the exchange to a subscriber's own thread,
 * so an open stream never holds one of the server's workers; the {@link Router} answers 404, 405
 * and 500 for it as for every route.
 *
 * <p>{@code routes.put(EventsHandler.PATH, Route.streaming(new EventsHandler(streams), "GET"));}
 */
final class EventsHandler implements Route.Handler {
  static final String PATH = "/events";
  static final String CONTENT_TYPE = "text/event-stream; charset=utf-8";

  private final EventStreams streams;

  EventsHandler(EventStreams streams) {
    this.streams = streams;
  }

  /** Answers the request; true when a subscriber's thread now owns the exchange. */
  @Override
  public boolean handle(HttpExchange exchange) throws IOException {
    Map<String, String> params = Query.of(exchange);
    if (params == null) {
      return false;
    }
    if ("HEAD".equals(exchange.getRequestMethod())) {
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
      // The connection ends with the stream. Otherwise closing the response would hand it back to
      // the server's keep-alive pool, which counts one whose socket is already closed (a write
      // cut by an interrupt) as open for good.
      exchange.getResponseHeaders().set("Connection", "close");
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
