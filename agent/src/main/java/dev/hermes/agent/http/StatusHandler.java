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
 * Answers of more than {@link RenderGate#LARGE} keys take a slot of a {@link RenderGate}: {@code
 * 503} with {@code Retry-After} when none frees in time.
 *
 * <p>{@code new Route(new StatusHandler(store, Negotiation.METRICS), "GET")}
 */
final class StatusHandler implements HttpHandler {
  private final StatusStore store;
  private final Negotiation negotiation;
  private final RenderGate gate;

  StatusHandler(StatusStore store, Negotiation negotiation) {
    this(store, negotiation, RenderGate.SHARED);
  }

  StatusHandler(StatusStore store, Negotiation negotiation, RenderGate gate) {
    this.store = store;
    this.negotiation = negotiation;
    this.gate = gate;
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
    if ("HEAD".equals(exchange.getRequestMethod())) {
      SlicedAnswer.send(exchange, format, null); // the headers only: no need to read
      return;
    }
    StatusView view = StatusView.read(store, params.getOrDefault("prefix", ""), gate);
    if (view == null) {
      exchange
          .getResponseHeaders()
          .set("Retry-After", Integer.toString(RenderGate.RETRY_AFTER_SECONDS));
      Responses.error(
          exchange,
          503,
          "Busy: "
              + gate.slots()
              + " answers of more than "
              + RenderGate.LARGE
              + " keys are being sent; retry in "
              + RenderGate.RETRY_AFTER_SECONDS
              + " s, or ask for less with ?prefix=");
      return;
    }
    try {
      SlicedAnswer.send(exchange, format, view);
    } finally {
      view.release();
    }
  }
}
