package dev.hermes.agent.http;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Sends a status answer of any size in writes of at most {@link Sink#SLICE} bytes, never holding
 * more than {@link #HOLD_LIMIT} bytes of it: an answer up to that is rendered, then sent with its
 * Content-Length; a larger one is sent chunked, as it is rendered, once the limit is passed.
 *
 * <p>Why: a whole tree of 300,000 keys is tens of megabytes. Built as one array it was a humongous
 * allocation per request (frequent GCs and long pauses); written in one piece it left each server
 * thread with a cached direct buffer as large as the answer, and its connection with a heap buffer
 * twice that size. (Rendering a large answer twice, once to learn its length, cost more than
 * chunking it: each pass over 300,000 keys is bound by memory, ~300 ns a key for Prometheus, while
 * the JDK's 4 KiB chunks cost ~1 ns a byte in writes.)
 *
 * <p>{@code SlicedAnswer.send(exchange, Format.TEXT, StatusView.read(store, ""));}
 */
final class SlicedAnswer {
  /** The largest answer held, and sent with its length. */
  static final int HOLD_LIMIT = 1 << 20;

  private SlicedAnswer() {}

  /** Answers 200 with {@code view} in {@code format}; headers only for HEAD (view may be null). */
  static void send(HttpExchange exchange, Format format, StatusView view) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", format.contentType);
    // The JDK server logs a WARNING for a HEAD response given a length; -1 means "no body".
    if ("HEAD".equals(exchange.getRequestMethod())) {
      exchange.sendResponseHeaders(200, -1);
      return;
    }
    Sink sink = Sink.holding(HOLD_LIMIT, new Chunked(exchange));
    format.render(view, sink);
    sink.finish();
    if (!sink.holdsAll()) {
      // Only now: a failure above leaves the body without its last chunk, and the server
      // closes the connection, so the client cannot take a cut answer for a whole one.
      exchange.getResponseBody().close();
      return;
    }
    long length = sink.size();
    if (length == 0) {
      exchange.sendResponseHeaders(200, -1);
      return;
    }
    exchange.sendResponseHeaders(200, length);
    try (OutputStream out = exchange.getResponseBody()) {
      sink.copyTo(out);
    }
  }

  /** Sends 200 with a chunked body; the body. */
  private static final class Chunked implements Sink.Opener {
    private final HttpExchange exchange;

    Chunked(HttpExchange exchange) {
      this.exchange = exchange;
    }

    @Override
    public OutputStream open() throws IOException {
      exchange.sendResponseHeaders(200, 0);
      return exchange.getResponseBody();
    }
  }
}
