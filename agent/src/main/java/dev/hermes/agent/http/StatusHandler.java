package dev.hermes.agent.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.hermes.api.StatusStore;
import java.io.IOException;
import java.util.Map;

/**
 * {@code GET /}, {@code /status} and {@code /metrics}: the keys under {@code ?prefix=}, in the
 * format its {@link Negotiation} chooses (text, JSON or Prometheus by {@code ?type=} for the first
 * two; Prometheus or OpenMetrics by Accept for {@code /metrics}), sent by {@link SlicedAnswer}.
 *
 * <p>{@code new Route(new StatusHandler(store, Negotiation.METRICS), "GET")}
 */
final class StatusHandler implements HttpHandler {
  private final StatusStore store;
  private final Negotiation negotiation;

  StatusHandler(StatusStore store, Negotiation negotiation) {
    this.store = store;
    this.negotiation = negotiation;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    Map<String, String> params = Query.of(exchange);
    if (params == null) {
      return;
    }
    Format format = negotiation.of(exchange, params);
    if (format == null) {
      return;
    }
    StatusView view = StatusView.read(store, params.getOrDefault("prefix", ""));
    SlicedAnswer.send(exchange, format, view);
  }
}
