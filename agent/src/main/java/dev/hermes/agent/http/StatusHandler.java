package dev.hermes.agent.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.hermes.agent.support.TextEscaping;
import dev.hermes.api.StatusStore;
import java.io.IOException;
import java.util.Map;

/** {@code GET /} and {@code /status}: the tree as text, or JSON with {@code ?type=json}. */
final class StatusHandler implements HttpHandler {
  private final StatusStore store;

  StatusHandler(StatusStore store) {
    this.store = store;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    Map<String, String> params = Query.of(exchange);
    if (params == null) {
      return;
    }
    String type = params.getOrDefault("type", "text");
    String prefix = params.getOrDefault("prefix", "");
    if (!"text".equals(type) && !"json".equals(type) && !"prometheus".equals(type)) {
      Responses.error(
          exchange,
          400,
          "Unknown type ["
              + TextEscaping.escape(type)
              + "]; use type=text, type=json or type=prometheus");
      return;
    }
    StatusView view = StatusView.of(store.snapshot(prefix), store.now());
    if ("prometheus".equals(type)) {
      MetricsHandler.send(exchange, view);
    } else if ("json".equals(type)) {
      Responses.send(exchange, 200, Responses.JSON, JsonRenderer.render(view));
    } else {
      Responses.send(exchange, 200, Responses.TEXT, TextRenderer.render(view));
    }
  }
}
