package dev.hermes.agent.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.hermes.api.StatusStore;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code GET /metrics} (and {@code /?type=prometheus}): the tree for Prometheus, in OpenMetrics
 * when the scraper's Accept header prefers it, else the text format 0.0.4.
 */
final class MetricsHandler implements HttpHandler {
  static final String TEXT = "text/plain; version=0.0.4; charset=utf-8";
  static final String OPENMETRICS = "application/openmetrics-text; version=1.0.0; charset=utf-8";

  private final StatusStore store;

  MetricsHandler(StatusStore store) {
    this.store = store;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    Map<String, String> params = Query.of(exchange);
    if (params == null) {
      return;
    }
    String prefix = params.getOrDefault("prefix", "");
    send(exchange, StatusView.of(store.snapshot(prefix), store.now()));
  }

  /** Answers with {@code view} in the format the request's Accept header prefers. */
  static void send(HttpExchange exchange, StatusView view) throws IOException {
    boolean openMetrics = prefersOpenMetrics(exchange.getRequestHeaders().get("Accept"));
    Responses.send(
        exchange,
        200,
        openMetrics ? OPENMETRICS : TEXT,
        PrometheusRenderer.render(view, openMetrics));
  }

  /**
   * Whether the Accept header values rank OpenMetrics (1.0.0, 0.0.1 or unversioned) at least as
   * high as plain text: Prometheus asks for OpenMetrics first and for text at {@code q=0.5}.
   */
  static boolean prefersOpenMetrics(List<String> accept) {
    if (accept == null) {
      return false;
    }
    double openMetrics = 0;
    double text = 0;
    for (String header : accept) {
      for (String range : header.split(",")) {
        String[] parts = range.split(";");
        String type = parts[0].trim().toLowerCase(Locale.ROOT);
        double q = 1;
        String version = null;
        for (int i = 1; i < parts.length; i++) {
          String[] param = parts[i].split("=", 2);
          String name = param[0].trim().toLowerCase(Locale.ROOT);
          String value = param.length > 1 ? param[1].trim() : "";
          if (name.equals("q")) {
            q = quality(value);
          } else if (name.equals("version")) {
            version = value;
          }
        }
        if (type.equals("application/openmetrics-text")) {
          if (version == null || version.equals("1.0.0") || version.equals("0.0.1")) {
            openMetrics = Math.max(openMetrics, q);
          }
        } else if (type.equals("text/plain") || type.equals("text/*") || type.equals("*/*")) {
          text = Math.max(text, q);
        }
      }
    }
    return openMetrics > 0 && openMetrics >= text;
  }

  private static double quality(String value) {
    try {
      double q = Double.parseDouble(value);
      return q >= 0 && q <= 1 ? q : 0;
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
