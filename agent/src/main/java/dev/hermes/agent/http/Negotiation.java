package dev.hermes.agent.http;

import com.sun.net.httpserver.HttpExchange;
import dev.hermes.agent.support.TextEscaping;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Chooses the {@link Format} of a status answer: {@code type=} first ({@code text}, {@code json} or
 * {@code prometheus}), then the Accept header, which picks OpenMetrics or the text format 0.0.4 for
 * {@code prometheus}. {@link #STATUS} ({@code /}, {@code /status}) reads {@code type=} and defaults
 * to text, or to JSON when the Accept header ranks {@code application/json} above plain text (as a
 * parent pulling this endpoint asks); {@link #METRICS} ({@code /metrics}) ignores {@code type=} and
 * is always Prometheus.
 *
 * <p>{@code Format format = Negotiation.STATUS.of(exchange, params); if (format == null) return;}
 */
final class Negotiation {
  /** {@code ?type=text|json|prometheus}, text by default. */
  static final Negotiation STATUS = new Negotiation(true, "text");

  /** Prometheus only, in the format the scraper's Accept header prefers. */
  static final Negotiation METRICS = new Negotiation(false, "prometheus");

  private final boolean readsType;
  private final String defaultType;

  private Negotiation(boolean readsType, String defaultType) {
    this.readsType = readsType;
    this.defaultType = defaultType;
  }

  /** The request's format, or null after answering 400 to a {@code type=} that names none. */
  Format of(HttpExchange exchange, Map<String, String> params) throws IOException {
    Format format = choose(params, exchange.getRequestHeaders().get("Accept"));
    if (format == null) {
      Responses.error(
          exchange,
          400,
          "Unknown type ["
              + TextEscaping.escape(type(params))
              + "]; use type=text, type=json or type=prometheus");
    }
    return format;
  }

  /**
   * The format that the query's {@code type} (or this negotiation's default) and the Accept header
   * values ({@code null} when there is none) choose; null for an unknown type.
   */
  Format choose(Map<String, String> params, List<String> accept) {
    String type = type(params, accept);
    if ("text".equals(type)) {
      return Format.TEXT;
    }
    if ("json".equals(type)) {
      return Format.JSON;
    }
    if ("prometheus".equals(type)) {
      return prefersOpenMetrics(accept) ? Format.OPENMETRICS : Format.PROMETHEUS;
    }
    return null;
  }

  private String type(Map<String, String> params) {
    return readsType ? params.getOrDefault("type", defaultType) : defaultType;
  }

  private String type(Map<String, String> params, List<String> accept) {
    if (readsType && !params.containsKey("type") && prefersJson(accept)) {
      return "json";
    }
    return type(params);
  }

  /** Whether the Accept header values rank {@code application/json} above plain text. */
  static boolean prefersJson(List<String> accept) {
    return accept != null
        && rank(accept, "application/json") > rank(accept, "text/plain")
        && rank(accept, "application/json") > rank(accept, "text/*")
        && rank(accept, "application/json") > rank(accept, "*/*");
  }

  /** The quality the Accept header values give exactly {@code mediaType}, 0 when none. */
  private static double rank(List<String> accept, String mediaType) {
    double best = 0;
    for (String header : accept) {
      for (String range : header.split(",")) {
        String[] parts = range.split(";");
        if (!parts[0].trim().toLowerCase(Locale.ROOT).equals(mediaType)) {
          continue;
        }
        double q = 1;
        for (int i = 1; i < parts.length; i++) {
          String[] param = parts[i].split("=", 2);
          if (param[0].trim().equalsIgnoreCase("q") && param.length > 1) {
            q = quality(param[1].trim());
          }
        }
        best = Math.max(best, q);
      }
    }
    return best;
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
