package dev.hermes.agent.http;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads a request body, refusing more than a limit before reading it all. A body the server cannot
 * read (broken chunks, a connection closed or cut off at the request deadline midway) is an {@code
 * IOException}, which handlers leave to the server: it closes the connection, unanswered.
 *
 * <p>{@code byte[] body = Bodies.read(exchange, Bodies.MAX_BYTES); if (body == null) // 413}
 */
final class Bodies {
  /** The largest update or join body accepted, in bytes. */
  static final int MAX_BYTES = 1 << 20;

  private Bodies() {}

  /** The body, or null when it exceeds {@code max} (the rest is left unread). */
  static byte[] read(HttpExchange exchange, int max) throws IOException {
    String declared = exchange.getRequestHeaders().getFirst("Content-Length");
    long length = -1;
    if (declared != null) {
      try {
        length = Long.parseLong(declared.trim());
        if (length > max) {
          return null;
        }
      } catch (NumberFormatException e) {
        return null;
      }
    }
    try (InputStream in = exchange.getRequestBody()) {
      if (length >= 0) {
        // The server gives no more than the declared length: read just that, into one array
        // of its size (a read up to the limit allocated 8 KiB for every push of a few bytes).
        return in.readNBytes((int) length);
      }
      // One byte past the limit tells a body that is too large from one that fits exactly.
      byte[] body = in.readNBytes(max == Integer.MAX_VALUE ? max : max + 1);
      return body.length > max ? null : body;
    } catch (RuntimeException e) {
      // The JDK's chunked reader takes a chunk size of 0x80000000 or more for a negative int and
      // then fails with IndexOutOfBoundsException; a body it cannot read is an IOException like
      // any other malformed chunk, which the server answers by closing the connection.
      throw new IOException("unreadable request body: " + e, e);
    }
  }
}
