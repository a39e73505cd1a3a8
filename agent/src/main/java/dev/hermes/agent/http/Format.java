package dev.hermes.agent.http;

import java.io.IOException;

/**
 * The formats a status snapshot is answered in, each with its content type and renderer: {@code
 * key: value} text, JSON, the Prometheus text format 0.0.4 and OpenMetrics 1.0.0. {@link
 * Negotiation} picks one per request.
 *
 * <p>{@code SlicedAnswer.send(exchange, format, StatusView.read(store, prefix));}
 */
enum Format {
  TEXT(Responses.TEXT) {
    @Override
    void render(StatusView view, Sink out) throws IOException {
      TextRenderer.render(view, out);
    }
  },
  JSON(Responses.JSON) {
    @Override
    void render(StatusView view, Sink out) throws IOException {
      JsonRenderer.render(view, out);
    }
  },
  PROMETHEUS("text/plain; version=0.0.4; charset=utf-8") {
    @Override
    void render(StatusView view, Sink out) throws IOException {
      PrometheusRenderer.render(view, false, out);
    }
  },
  OPENMETRICS("application/openmetrics-text; version=1.0.0; charset=utf-8") {
    @Override
    void render(StatusView view, Sink out) throws IOException {
      PrometheusRenderer.render(view, true, out);
    }
  };

  /** The Content-Type of an answer in this format. */
  final String contentType;

  Format(String contentType) {
    this.contentType = contentType;
  }

  /**
   * Writes {@code view} in this format, as UTF-8, to {@code out}. The same view always gives the
   * same bytes: {@link SlicedAnswer} may render it twice.
   */
  abstract void render(StatusView view, Sink out) throws IOException;
}
