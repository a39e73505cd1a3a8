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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The Hermes-Secret check in front of every route but {@code /health}. */
class SecretFilterTest {
  private static final String FORBIDDEN = "Forbidden: send the Hermes-Secret header";

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
    x.assertError(403, FORBIDDEN);
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

  @ParameterizedTest(name = "{0}: [{1}] {2}")
  @CsvSource({
    "Hermes-Secret, guess, refused",
    "Hermes-Secret, s3cre, refused",
    "Hermes-Secret, s3cret!, refused",
    "Hermes-Secret, '', refused",
    "Authorization, Bearer guess, refused",
    "Authorization, Basic czNjcmV0, refused",
    "Hermes-Secret, s3cret, passed",
    "hermes-secret, s3cret, passed",
    "Authorization, Bearer s3cret, passed",
    "Authorization, 'Bearer  s3cret ', passed"
  })
  void onlyTheRightSecretPasses(String header, String value, String outcome) throws IOException {
    FakeExchange x = get(header, value);
    if (outcome.equals("passed")) {
      assertPassed(x);
    } else {
      assertForbidden(x);
    }
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
  void liveAndReadyStayOpenButOnlyTheSecretMarksThemAuthorized() throws IOException {
    assertEquals(false, authorizedWhilePassing(new FakeExchange("GET", "/health/ready")));
    assertPassed(filter(new FakeExchange("GET", "/health/live")));
    FakeExchange given = new FakeExchange("GET", "/health/ready").with("Hermes-Secret", "s3cret");
    assertEquals(true, authorizedWhilePassing(given));
    assertFalse(SecretFilter.isAuthorized(given), "the mark outlives its request");
    FakeExchange wrong = new FakeExchange("GET", "/health/ready").with("Hermes-Secret", "guess");
    assertEquals(false, authorizedWhilePassing(wrong));
    assertForbidden(filter(new FakeExchange("GET", "/health/readyx")));
  }

  @Test
  void theBrowserViewIsOpenItsNeighboursAreNot() throws IOException {
    assertPassed(filter(new FakeExchange("GET", "/ui")));
    assertPassed(filter(new FakeExchange("GET", "/ui/app.js")));
    assertForbidden(filter(new FakeExchange("GET", "/uix")));
    assertForbidden(filter(new FakeExchange("GET", "/ui.json")));
  }

  /** Whether the handler behind the filter sees {@code x} as authorized; null when not reached. */
  private Boolean authorizedWhilePassing(FakeExchange x) throws IOException {
    Boolean[] seen = {null};
    filter.doFilter(
        x, new Filter.Chain(List.of(), exchange -> seen[0] = SecretFilter.isAuthorized(exchange)));
    return seen[0];
  }

  @Test
  void headIsRefusedWithoutABody() throws IOException {
    FakeExchange x = filter(new FakeExchange("HEAD", "/"));
    assertForbidden(x);
    assertEquals(-1, x.length());
  }

  @Test
  void describesItsCheck() {
    assertEquals("Hermes-Secret check", filter.description());
  }
}
