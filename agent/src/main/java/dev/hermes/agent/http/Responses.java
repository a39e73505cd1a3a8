package dev.hermes.agent.http;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes complete responses: fixed length, the right Content-Type, no body for HEAD.
 *
 * <p>{@code Responses.error(exchange, 413, "Body larger than 1048576 bytes");}
 */
final class Responses {
  static final String TEXT = "text/plain; charset=utf-8";
  static final String JSON = "application/json; charset=utf-8";

  private Responses() {}

  static void send(HttpExchange exchange, int status, String contentType, byte[] body)
      throws IOException {
    exchange.getResponseHeaders().set("Content-Type", contentType);
    // The JDK server logs a WARNING for a HEAD response given a length; -1 means "no body".
    if ("HEAD".equals(exchange.getRequestMethod()) || body.length == 0) {
      exchange.sendResponseHeaders(status, -1);
      return;
    }
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      // In slices: each server thread keeps a direct buffer as large as its largest write.
      for (int at = 0; at < body.length; at += Sink.SLICE) {
        out.write(body, at, Math.min(Sink.SLICE, body.length - at));
      }
    }
  }

  /** A one-line plain-text error, e.g. {@code 400 Unknown type [xml]; use text or json}. */
  static void error(HttpExchange exchange, int status, String reason) throws IOException {
    send(exchange, status, TEXT, (reason + "\n").getBytes(StandardCharsets.UTF_8));
  }
}
