package dev.hermes.agent.http;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** A request's query string as a map: the first value of each parameter wins. */
final class Query {
  private Query() {}

  /**
   * The request's parameters, or null after answering 400 for a malformed query string: {@code
   * Map<String, String> params = Query.of(exchange); if (params == null) return;}
   */
  static Map<String, String> of(HttpExchange exchange) throws IOException {
    try {
      return parse(exchange.getRequestURI().getRawQuery());
    } catch (IllegalArgumentException e) {
      Responses.error(exchange, 400, "Malformed query string: " + e.getMessage());
      return null;
    }
  }

  /** Parses {@code type=json&prefix=w1/}; throws IllegalArgumentException on bad escapes. */
  static Map<String, String> parse(String rawQuery) {
    Map<String, String> params = new LinkedHashMap<>();
    if (rawQuery == null || rawQuery.isEmpty()) {
      return params;
    }
    for (String pair : rawQuery.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = decode(eq < 0 ? pair : pair.substring(0, eq));
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
      params.putIfAbsent(name, value);
    }
    return params;
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }
}
