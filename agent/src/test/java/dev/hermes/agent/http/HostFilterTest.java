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
import org.junit.jupiter.params.provider.ValueSource;

/** The DNS-rebinding check: a Host that is no address, localhost or a name the operator allowed. */
class HostFilterTest {
  private final HostFilter filter = new HostFilter(List.of("status.internal", "0.0.0.0"), false);
  private final HttpHandler next = mock(HttpHandler.class);

  private FakeExchange filter(HostFilter f, FakeExchange x) throws IOException {
    f.doFilter(x, new Filter.Chain(List.of(), next));
    return x;
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "127.0.0.1",
        "127.0.0.1:9091",
        "10.0.0.7:80",
        "0.0.0.0",
        "255.255.255.255:65535",
        "localhost",
        "LocalHost:9091",
        "[::1]",
        "[::1]:9091",
        "[fe80::1:2]:1",
        "[::ffff:127.0.0.1]:9091",
        "status.internal",
        "STATUS.internal:443",
        " 127.0.0.1 "
      })
  void addressesLocalhostAndAllowedNamesPass(String host) throws IOException {
    assertTrue(filter.accepts(host), host);
    FakeExchange x = filter(filter, new FakeExchange("GET", "/").with("Host", host));
    verify(next).handle(x);
    assertFalse(x.closed());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "rebound.example",
        "rebound.example:9091",
        "127.0.0.1.nip.io",
        "localhost.rebound.example",
        "status.internal.rebound.example",
        "1.2.3",
        "1.2.3.4.5",
        "256.1.1.1",
        "0x7f.0.0.1",
        "127.0.0.1:",
        "127.0.0.1:port",
        "127.0.0.1:123456",
        "[::1",
        "[]",
        "[rebound.example]",
        "[::g]",
        "",
        ":9091"
      })
  void otherNamesAreRefused(String host) throws IOException {
    assertFalse(filter.accepts(host), host);
    FakeExchange x = filter(filter, new FakeExchange("GET", "/events").with("Host", host));
    verify(next, never()).handle(x);
    assertEquals(403, x.status());
    assertTrue(x.body().startsWith("Forbidden: Host ["), x.body());
    assertTrue(x.body().contains("allowedHosts="), x.body());
    assertTrue(x.closed());
  }

  @Test
  void noHostPasses() throws IOException {
    FakeExchange x = filter(filter, new FakeExchange("GET", "/"));
    verify(next).handle(x);
  }

  @Test
  void aRequestWithTheSecretPassesWhateverItsHost() throws IOException {
    HostFilter behindSecret = new HostFilter(List.of(), true);
    FakeExchange x = new FakeExchange("GET", "/").with("Host", "rebound.example");
    SecretFilter.mark(x, true);
    try {
      filter(behindSecret, x);
    } finally {
      SecretFilter.mark(x, false);
    }
    verify(next).handle(x);
    FakeExchange without = filter(behindSecret, new FakeExchange("GET", "/").with("Host", "x.y"));
    assertEquals(403, without.status());
  }

  @Test
  void aLongHostIsCutInTheAnswer() throws IOException {
    FakeExchange x =
        filter(filter, new FakeExchange("GET", "/").with("Host", "a".repeat(5000) + "\u0007"));
    assertEquals(403, x.status());
    assertTrue(x.body().length() < 300, x.body());
  }
}
