package dev.hermes.agent.http;

import com.sun.net.httpserver.HttpExchange;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/** Reads a request body, refusing more than a limit before reading it all. */
final class Bodies {
  /** The largest update or join body accepted, in bytes. */
  static final int MAX_BYTES = 1 << 20;

  private Bodies() {}

  /** The body, or null when it exceeds {@code max} (the rest is left unread). */
  static byte[] read(HttpExchange exchange, int max) throws IOException {
    String declared = exchange.getRequestHeaders().getFirst("Content-Length");
    if (declared != null) {
      try {
        if (Long.parseLong(declared.trim()) > max) {
          return null;
        }
      } catch (NumberFormatException e) {
        return null;
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    try (InputStream in = exchange.getRequestBody()) {
      int n;
      while ((n = in.read(buffer)) > 0) {
        if (out.size() + n > max) {
          return null;
        }
        out.write(buffer, 0, n);
      }
    }
    return out.toByteArray();
  }
}
