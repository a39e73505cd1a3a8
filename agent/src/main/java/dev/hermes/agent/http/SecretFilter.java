package dev.hermes.agent.http;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import dev.hermes.agent.config.Contract;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Answers 403, and nothing else, to a request without the right {@code Hermes-Secret} header (or
 * {@code Authorization: Bearer <secret>}); {@code /health}, {@code /health/live} and {@code
 * /health/ready} stay open (the last two without their data unless the secret is given), and so
 * does the browser view's page, {@code /ui} and its files, which hold no status. Digests are
 * compared in constant time, so neither the secret nor its length leaks through timing.
 */
final class SecretFilter extends Filter {
  static final String HEADER = Contract.SECRET_HEADER;
  // What a stock Prometheus scrape config sends (authorization: credentials:).
  private static final String BEARER = "Bearer ";
  // The exchanges under way that carry the right secret, by identity. Not an exchange attribute:
  // up to JDK 25 those belong to the whole context (JDK-7105350), so one request with the secret
  // marked every later one authorized.
  private static final Set<HttpExchange> AUTHORIZED = ConcurrentHashMap.newKeySet();
  private final byte[] expected;

  SecretFilter(String secret) {
    this.expected = digest(secret);
  }

  @Override
  public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
    String given = exchange.getRequestHeaders().getFirst(HEADER);
    String authorization = exchange.getRequestHeaders().getFirst("Authorization");
    if (given == null && authorization != null && authorization.startsWith(BEARER)) {
      given = authorization.substring(BEARER.length()).trim();
    }
    boolean authorized = given != null && MessageDigest.isEqual(expected, digest(given));
    String path = exchange.getRequestURI().getPath();
    if (authorized) {
      AUTHORIZED.add(exchange);
      try {
        chain.doFilter(exchange);
      } finally {
        AUTHORIZED.remove(exchange);
      }
      return;
    }
    if ("/health".equals(path)
        || ReadinessHandler.LIVE_PATH.equals(path)
        || ReadinessHandler.READY_PATH.equals(path)
        // The page and its files hold no status: a browser loads them, then sends the secret.
        || UiHandler.PATH.equals(path)
        || path.startsWith(UiHandler.PATH + "/")) {
      chain.doFilter(exchange);
      return;
    }
    try {
      Responses.error(exchange, 403, "Forbidden: send the " + HEADER + " header");
    } finally {
      exchange.close();
    }
  }

  /** Whether {@code exchange}, under way behind this filter, carries the right secret. */
  static boolean isAuthorized(HttpExchange exchange) {
    return AUTHORIZED.contains(exchange);
  }

  /** Marks {@code exchange} as carrying the secret, or no longer; for tests. */
  static void mark(HttpExchange exchange, boolean authorized) {
    if (authorized) {
      AUTHORIZED.add(exchange);
    } else {
      AUTHORIZED.remove(exchange);
    }
  }

  @Override
  public String description() {
    return HEADER + " check";
  }

  private static byte[] digest(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
  }
}
