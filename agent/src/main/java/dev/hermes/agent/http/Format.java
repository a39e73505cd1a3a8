package dev.hermes.agent.http;

/**
 * The formats a status snapshot is answered in, each with its content type and renderer: {@code
 * key: value} text, JSON, the Prometheus text format 0.0.4 and OpenMetrics 1.0.0. {@link
 * Negotiation} picks one per request.
 *
 * <p>{@code Responses.send(exchange, 200, format.contentType, format.render(view));}
 */
enum Format {
  TEXT(Responses.TEXT) {
    @Override
    byte[] render(StatusView view) {
      return TextRenderer.render(view);
    }
  },
  JSON(Responses.JSON) {
    @Override
    byte[] render(StatusView view) {
      return JsonRenderer.render(view);
    }
  },
  PROMETHEUS("text/plain; version=0.0.4; charset=utf-8") {
    @Override
    byte[] render(StatusView view) {
      return PrometheusRenderer.render(view, false);
    }
  },
  OPENMETRICS("application/openmetrics-text; version=1.0.0; charset=utf-8") {
    @Override
    byte[] render(StatusView view) {
      return PrometheusRenderer.render(view, true);
    }
  };

  /** The Content-Type of an answer in this format. */
  final String contentType;

  Format(String contentType) {
    this.contentType = contentType;
  }

  /** {@code view} in this format, as UTF-8. */
  abstract byte[] render(StatusView view);
}
