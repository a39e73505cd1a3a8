package dev.hermes.agent.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/**
 * {@code GET /ui}: the live tree in a browser, three files served from the jar ({@code /ui}, {@code
 * /ui/app.js}, {@code /ui/app.css}) that read {@code /?type=json} and {@code /events} with {@code
 * fetch}. The page holds no status, so it is open without the secret; its script asks for the
 * secret and sends it on every request. Served with a Content-Security-Policy that allows only
 * these files (no inline script, no {@code eval}), {@code nosniff}, and no framing.
 *
 * <p>Loaded by the {@link Router} at the first request under {@link #PATH}, never at start-up.
 */
final class UiHandler implements HttpHandler {
  /** The page; its files are under {@code /ui/}. A constant: naming it loads no class. */
  static final String PATH = "/ui";

  static final String CSP =
      "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self';"
          + " img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

  private static final Map<String, String[]> FILES =
      Map.of(
          PATH,
          new String[] {"index.html", "text/html; charset=utf-8"},
          PATH + "/",
          new String[] {"index.html", "text/html; charset=utf-8"},
          PATH + "/app.js",
          new String[] {"app.js", "text/javascript; charset=utf-8"},
          PATH + "/app.css",
          new String[] {"app.css", "text/css; charset=utf-8"});

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    String[] file = FILES.get(path);
    byte[] body = file == null ? null : read(file[0]);
    if (body == null) {
      Responses.error(exchange, 404, "Not found: " + Router.printable(path) + "; try " + PATH);
      return;
    }
    exchange.getResponseHeaders().set("Content-Security-Policy", CSP);
    exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
    exchange.getResponseHeaders().set("X-Frame-Options", "DENY");
    exchange.getResponseHeaders().set("Referrer-Policy", "no-referrer");
    exchange.getResponseHeaders().set("Cache-Control", "no-cache");
    Responses.send(exchange, 200, file[1], body);
  }

  /** A file of the page from the jar, or null when it is missing. */
  static byte[] read(String name) throws IOException {
    try (InputStream in = UiHandler.class.getResourceAsStream("ui/" + name)) {
      return in == null ? null : in.readAllBytes();
    }
  }
}
