package dev.hermes.agent.http;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import dev.hermes.agent.config.Contract;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Answers 403, and nothing else, to a request without the right {@code Hermes-Secret} header (or
 * {@code Authorization: Bearer <secret>}); {@code /health}, {@code /health/live} and {@code
 * /health/ready} stay open (the last two without their data unless the secret is given). Digests
 * are compared in constant time, so neither the secret nor its length leaks through timing.
 */
final class SecretFilter extends Filter {
  static final String HEADER = Contract.SECRET_HEADER;
  // What a stock Prometheus scrape config sends (authorization: credentials:).
  private static final String BEARER = "Bearer ";
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
      exchange.setAttribute(ReadinessHandler.AUTHORIZED, Boolean.TRUE);
    }
    if (authorized
        || "/health".equals(path)
        || ReadinessHandler.LIVE_PATH.equals(path)
        || ReadinessHandler.READY_PATH.equals(path)) {
      chain.doFilter(exchange);
      return;
    }
    try {
      Responses.error(exchange, 403, "Forbidden: send the " + HEADER + " header");
    } finally {
      exchange.close();
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
