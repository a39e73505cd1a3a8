package dev.hermes.agent.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** {@code GET /health}: {@code {"status":"up"}} while the endpoint serves. */
final class HealthHandler implements HttpHandler {
  private static final byte[] UP = "{\"status\":\"up\"}\n".getBytes(StandardCharsets.UTF_8);

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    Responses.send(exchange, 200, Responses.JSON, UP);
  }
}
