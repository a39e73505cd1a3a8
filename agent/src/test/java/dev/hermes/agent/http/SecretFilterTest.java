package dev.hermes.agent.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class SecretFilterTest {
  private static final String FORBIDDEN = "Forbidden: send the Hermes-Secret header\n";

  private final SecretFilter filter = new SecretFilter("s3cret");
  private final HttpHandler next = mock(HttpHandler.class);

  private FakeExchange filter(FakeExchange exchange) throws IOException {
    filter.doFilter(exchange, new Filter.Chain(List.of(), next));
    return exchange;
  }

  private FakeExchange get(String name, String value) throws IOException {
    return filter(new FakeExchange("GET", "/status").with(name, value));
  }

  private void assertForbidden(FakeExchange x) throws IOException {
    assertEquals(403, x.status());
    assertEquals("text/plain; charset=utf-8", x.header("Content-Type"));
    assertEquals(FORBIDDEN, x.body());
    assertTrue(x.closed());
    verify(next, never()).handle(x);
  }

  private void assertPassed(FakeExchange x) throws IOException {
    verify(next).handle(x);
    assertEquals(-1, x.status());
    assertFalse(x.closed()); // the Router behind closes it
  }

  @Test
  void missingSecretIs403() throws IOException {
    assertForbidden(filter(new FakeExchange("GET", "/metrics")));
  }

  @Test
  void wrongSecretIs403() throws IOException {
    assertForbidden(get("Hermes-Secret", "guess"));
    assertForbidden(get("Hermes-Secret", "s3cre"));
    assertForbidden(get("Hermes-Secret", "s3cret!"));
    assertForbidden(get("Hermes-Secret", ""));
    assertForbidden(get("Authorization", "Bearer guess"));
    assertForbidden(get("Authorization", "Basic czNjcmV0"));
  }

  @Test
  void rightSecretPasses() throws IOException {
    assertPassed(get("Hermes-Secret", "s3cret"));
    assertPassed(get("hermes-secret", "s3cret"));
    assertPassed(get("Authorization", "Bearer s3cret"));
    assertPassed(get("Authorization", "Bearer  s3cret "));
  }

  @Test
  void secretHeaderWinsOverBearer() throws IOException {
    assertForbidden(
        filter(
            new FakeExchange("GET", "/")
                .with("Hermes-Secret", "guess")
                .with("Authorization", "Bearer s3cret")));
  }

  @Test
  void healthStaysOpenAndNothingElseDoes() throws IOException {
    assertPassed(filter(new FakeExchange("GET", "/health")));
    assertForbidden(filter(new FakeExchange("GET", "/health/")));
    assertForbidden(filter(new FakeExchange("GET", "/events")));
  }

  @Test
  void headIsRefusedWithoutABody() throws IOException {
    FakeExchange x = filter(new FakeExchange("HEAD", "/"));
    assertEquals(403, x.status());
    assertEquals(-1, x.length());
    assertEquals("", x.body());
    assertTrue(x.closed());
  }

  @Test
  void describesItsCheck() {
    assertEquals("Hermes-Secret check", filter.description());
  }
}
