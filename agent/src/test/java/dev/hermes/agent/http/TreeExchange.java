package dev.hermes.agent.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.mockito.ArgumentCaptor;

/**
 * A {@code POST} to a handler through a Mockito {@link HttpExchange}, and what it answered: status,
 * Content-Type and body.
 *
 * <p>{@code TreeExchange.post(handler, "{}").assertAnswered(400, "Malformed join: ...\n");}
 */
final class TreeExchange {
  final int status;
  final String contentType;
  final String body;
  final String retryAfter;

  private TreeExchange(int status, String contentType, String body, String retryAfter) {
    this.status = status;
    this.contentType = contentType;
    this.body = body;
    this.retryAfter = retryAfter;
  }

  /** Asserts that the answer was {@code status} with the text {@code body}. */
  void assertAnswered(int status, String body) {
    assertEquals(status, this.status, this.body);
    assertEquals(Responses.TEXT, contentType);
    assertEquals(body, this.body);
  }

  /** Posts {@code json} with the request {@code headers} (name, value, name, value...). */
  static TreeExchange post(HttpHandler handler, String json, String... headers) throws IOException {
    HttpExchange exchange = mock(HttpExchange.class);
    Headers request = new Headers();
    for (int i = 0; i + 1 < headers.length; i += 2) {
      request.add(headers[i], headers[i + 1]);
    }
    Headers response = new Headers();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    when(exchange.getRequestMethod()).thenReturn("POST");
    when(exchange.getRemoteAddress())
        .thenReturn(new InetSocketAddress(InetAddress.getLoopbackAddress(), 50_000));
    when(exchange.getRequestHeaders()).thenReturn(request);
    when(exchange.getRequestBody())
        .thenReturn(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
    when(exchange.getResponseHeaders()).thenReturn(response);
    when(exchange.getResponseBody()).thenReturn(out);
    handler.handle(exchange);
    ArgumentCaptor<Integer> status = ArgumentCaptor.forClass(Integer.class);
    verify(exchange).sendResponseHeaders(status.capture(), anyLong());
    return new TreeExchange(
        status.getValue(),
        response.getFirst("Content-Type"),
        out.toString(StandardCharsets.UTF_8),
        response.getFirst("Retry-After"));
  }
}
