package dev.hermes.agent.cli;

import java.net.URI;
import java.net.URISyntaxException;

/** Turns what a user types ({@code 9091}, {@code localhost:9091}, a full URL) into a base URL. */
final class Urls {
  static final String DEFAULT = "http://127.0.0.1:9091";

  private Urls() {}

  /** {@code http://host:port[/path]} without a trailing '/'; a bare port means 127.0.0.1. */
  static String base(String typed) throws UsageException {
    String url = typed.trim();
    if (url.matches("[0-9]{1,5}")) {
      url = "http://127.0.0.1:" + url;
    } else if (!url.contains("://")) {
      url = "http://" + url;
    }
    while (url.endsWith("/")) {
      url = url.substring(0, url.length() - 1);
    }
    try {
      URI uri = new URI(url);
      if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
          && uri.getHost() != null
          && uri.getRawQuery() == null
          && uri.getRawFragment() == null) {
        return url;
      }
    } catch (URISyntaxException e) {
      // reported below
    }
    throw new UsageException(
        "invalid url [" + typed + "]: use the endpoint's URL, e.g. " + DEFAULT + " or 9091");
  }
}
