package dev.hermes.agent.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hermes.api.StatusStore;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code /}, {@code /status} and {@code /metrics} over the one global store, under own prefixes.
 */
class StatusHandlerTest {
  private static final StatusStore STORE = StatusStore.global();
  private static final AtomicInteger PREFIXES = new AtomicInteger();
  private static final long S = 1_000_000_000L;
  private static final String PROMETHEUS = "text/plain; version=0.0.4; charset=utf-8";
  private static final String OPENMETRICS =
      "application/openmetrics-text; version=1.0.0; charset=utf-8";
  private static final String SCRAPE =
      "application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5,*/*;q=0.1";

  private final StatusHandler status = new StatusHandler(STORE, Negotiation.STATUS);
  private final StatusHandler metrics = new StatusHandler(STORE, Negotiation.METRICS);
  private String p;
  private String path;

  @BeforeEach
  void putKeys() {
    path = "sh" + PREFIXES.incrementAndGet();
    p = path + "/";
    STORE.put(p + "status", "running", 2 * S, 0);
    STORE.put(p + "fetched", "12", 2 * S, 30 * S);
    STORE.put(path + "x/outside", "not under the prefix", 0, 0);
  }

  @AfterEach
  void removeKeys() {
    STORE.removePrefix(path);
  }

  private static FakeExchange answer(StatusHandler handler, FakeExchange exchange)
      throws IOException {
    handler.handle(exchange);
    return exchange;
  }

  private FakeExchange get(StatusHandler handler, String query) throws IOException {
    return answer(handler, new FakeExchange("GET", "/status?prefix=" + p + query));
  }

  private static void assertOpenMetrics(FakeExchange x) {
    assertEquals(200, x.status());
    assertEquals(OPENMETRICS, x.header("Content-Type"));
    assertTrue(x.body().contains("# TYPE hermes_status info\n"), x.body());
    assertTrue(x.body().contains("# UNIT hermes_key_age_seconds seconds\n"), x.body());
    assertTrue(x.body().endsWith("\n# EOF\n"), x.body());
  }

  @Test
  void textIsTheDefault() throws IOException {
    FakeExchange x = get(status, "");
    assertEquals(200, x.status());
    assertEquals("text/plain; charset=utf-8", x.header("Content-Type"));
    String expected = p + "fetched: 12\n" + p + "status: running\n";
    assertEquals(expected, x.body());
    assertEquals(expected.length(), x.length());
    assertEquals(expected, get(status, "&type=text").body());
  }

  @Test
  void jsonCarriesValuesAgesAndTtls() throws IOException {
    FakeExchange x = get(status, "&type=json");
    assertEquals(200, x.status());
    assertEquals("application/json; charset=utf-8", x.header("Content-Type"));
    String age = "2(\\.[0-9]{1,3})?";
    String expected =
        "\\{\"P/fetched\":\\{\"value\":\"12\",\"age\":AGE,\"ttl\":30\\},"
            + "\"P/status\":\\{\"value\":\"running\",\"age\":AGE\\}\\}\n";
    String regex = expected.replace("P/", p).replace("AGE", age);
    assertTrue(x.body().matches(regex), x.body());
  }

  @Test
  void jsonIsNotSwayedByAccept() throws IOException {
    FakeExchange x = answer(status, new FakeExchange("GET", "/?type=json").with("Accept", SCRAPE));
    assertEquals("application/json; charset=utf-8", x.header("Content-Type"));
  }

  @Test
  void prometheusTypeIsTextFormatWithoutAccept() throws IOException {
    FakeExchange x = get(status, "&type=prometheus");
    assertEquals(200, x.status());
    assertEquals(PROMETHEUS, x.header("Content-Type"));
    assertTrue(x.body().contains("hermes_value{path=\"" + path + "\",key=\"fetched\"} 12\n"));
    assertTrue(
        x.body()
            .contains(
                "hermes_status_info{path=\"" + path + "\",key=\"status\",value=\"running\"} 1\n"),
        x.body());
    assertFalse(x.body().contains("# EOF"), x.body());
  }

  @Test
  void prometheusTypeIsOpenMetricsWhenTheScraperPrefersIt() throws IOException {
    FakeExchange x =
        answer(
            status,
            new FakeExchange("GET", "/?type=prometheus&prefix=" + p).with("Accept", SCRAPE));
    assertOpenMetrics(x);
  }

  @Test
  void unknownTypeIs400() throws IOException {
    String use = "; use type=text, type=json or type=prometheus";
    get(status, "&type=xml").assertError(400, "Unknown type [xml]" + use);
    get(status, "&type=a%0Ab").assertError(400, "Unknown type [a\\nb]" + use);
    get(status, "&type").assertError(400, "Unknown type []" + use);
  }

  @Test
  void prefixLimitsTheKeys() throws IOException {
    FakeExchange x = answer(status, new FakeExchange("GET", "/?prefix=" + path + "x/"));
    assertEquals(path + "x/outside: not under the prefix\n", x.body());
  }

  @Test
  void malformedQueryIs400() throws IOException {
    for (StatusHandler handler : new StatusHandler[] {status, metrics}) {
      FakeExchange x = answer(handler, FakeExchange.withRawQuery("GET", "/", "prefix=%zz"));
      assertEquals(400, x.status());
      // The rest of the message is URLDecoder's, which may vary between JDKs.
      assertTrue(x.body().startsWith("Malformed query string: URLDecoder: "), x.body());
      assertEquals(x.body().length() - 1, x.body().indexOf('\n'), x.body());
    }
  }

  @Test
  void headHasHeadersButNoBody() throws IOException {
    FakeExchange x = answer(status, new FakeExchange("HEAD", "/status?prefix=" + p));
    assertEquals(200, x.status());
    assertEquals(-1, x.length());
    assertEquals("text/plain; charset=utf-8", x.header("Content-Type"));
    assertEquals("", x.body());
  }

  @Test
  void metricsIsTextFormatUnlessTheScraperPrefersOpenMetrics() throws IOException {
    FakeExchange plain = get(metrics, "");
    assertEquals(200, plain.status());
    assertEquals(PROMETHEUS, plain.header("Content-Type"));
    assertTrue(plain.body().startsWith("# HELP hermes_value "), plain.body());
    assertTrue(plain.body().contains("# TYPE hermes_status_info gauge\n"), plain.body());
    FakeExchange text =
        answer(
            metrics,
            new FakeExchange("GET", "/metrics")
                .with("Accept", "text/plain;version=0.0.4, application/openmetrics-text;q=0.5"));
    assertEquals(PROMETHEUS, text.header("Content-Type"));
    FakeExchange open =
        answer(metrics, new FakeExchange("GET", "/metrics?prefix=" + p).with("Accept", SCRAPE));
    assertOpenMetrics(open);
  }

  @Test
  void metricsIgnoresTheTypeParameter() throws IOException {
    FakeExchange x = get(metrics, "&type=json");
    assertEquals(200, x.status());
    assertEquals(PROMETHEUS, x.header("Content-Type"));
    assertEquals(200, get(metrics, "&type=xml").status());
  }
}
