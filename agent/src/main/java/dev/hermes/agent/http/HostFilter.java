package dev.hermes.agent.http;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import dev.hermes.agent.config.Contract;
import java.io.IOException;
import java.util.List;
import java.util.Locale;

/**
 * Refuses (403) a request whose {@code Host} names this endpoint by a name it does not know: the
 * defence against DNS rebinding, where a page of another site makes a browser send requests to
 * {@code 127.0.0.1:9091} under a name its owner controls. Accepted on every route: an IP address
 * (v4, or v6 in brackets, with or without a port: no rebinding goes through an address), {@code
 * localhost}, the bound name, a name of {@code allowedHosts=}, no {@code Host} at all (no browser
 * sends that), and a request carrying the right secret (a page of another site cannot know it; the
 * {@link SecretFilter} runs first). No name is ever looked up.
 */
final class HostFilter extends Filter {
  private final List<String> names;
  private final boolean secretSet;

  /**
   * {@code names}: the host names accepted beside addresses and localhost, in lower case; {@code
   * secretSet}: whether a {@link SecretFilter} runs first (without one, its class never loads).
   */
  HostFilter(List<String> names, boolean secretSet) {
    this.names = List.copyOf(names);
    this.secretSet = secretSet;
  }

  @Override
  public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
    String host = exchange.getRequestHeaders().getFirst("Host");
    if (host == null || (secretSet && SecretFilter.isAuthorized(exchange)) || accepts(host)) {
      chain.doFilter(exchange);
      return;
    }
    try {
      Responses.error(
          exchange,
          403,
          "Forbidden: Host ["
              + Router.printable(host)
              + "] is not a name of this endpoint; use its address, or allow the name with "
              + Contract.ALLOWED_HOSTS
              + "=");
    } finally {
      exchange.close();
    }
  }

  /** Whether {@code host} (a Host header: a name or address, maybe a port) names this endpoint. */
  boolean accepts(String host) {
    String h = host.trim();
    int end = h.length();
    int colon = h.lastIndexOf(':');
    if (colon >= 0 && colon > h.lastIndexOf(']')) {
      if (!digits(h, colon + 1, end)) {
        return false;
      }
      end = colon;
    }
    if (end > 1 && h.charAt(0) == '[' && h.charAt(end - 1) == ']') {
      return ipv6(h, 1, end - 1);
    }
    String name = h.substring(0, end).toLowerCase(Locale.ROOT);
    return ipv4(name, 0, name.length()) || name.equals("localhost") || names.contains(name);
  }

  private static boolean ipv4(String s, int from, int to) {
    int parts = 0;
    int start = from;
    for (int i = from; i <= to; i++) {
      if (i == to || s.charAt(i) == '.') {
        if (i - start < 1 || i - start > 3 || !digits(s, start, i)) {
          return false;
        }
        if (Integer.parseInt(s.substring(start, i)) > 255) {
          return false;
        }
        parts++;
        start = i + 1;
      }
    }
    return parts == 4;
  }

  // Hex digits, colons and dots (an IPv4 tail), at least one colon; no zone (browsers send none).
  private static boolean ipv6(String s, int from, int to) {
    boolean colon = false;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      colon |= c == ':';
      if (!(c == ':'
          || c == '.'
          || (c >= '0' && c <= '9')
          || (c >= 'a' && c <= 'f')
          || (c >= 'A' && c <= 'F'))) {
        return false;
      }
    }
    return colon;
  }

  private static boolean digits(String s, int from, int to) {
    if (from >= to || to - from > 5) {
      return false;
    }
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  @Override
  public String description() {
    return "Host check";
  }
}
