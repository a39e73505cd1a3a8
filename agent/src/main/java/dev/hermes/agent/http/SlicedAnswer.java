package dev.hermes.agent.http;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Sends a status answer of any size with its exact Content-Length, in writes of at most {@link
 * Sink#SLICE} bytes, never holding more than {@link #HOLD_LIMIT} bytes of it: an answer up to that
 * is rendered once and held in slices; a larger one is rendered once to count its bytes and again
 * straight into the response. The view does not change between the two (see {@link StatusView}), so
 * both give the same bytes.
 *
 * <p>Why: a whole tree of 300,000 keys is tens of megabytes. Built as one array it was a humongous
 * allocation per request (frequent GCs and long pauses); written in one piece it left each server
 * thread with a cached direct buffer as large as the answer, and each connection with a heap buffer
 * twice that size.
 *
 * <p>{@code SlicedAnswer.send(exchange, Format.TEXT, StatusView.read(store, ""));}
 */
final class SlicedAnswer {
  /** The largest answer rendered only once. */
  static final int HOLD_LIMIT = 1 << 20;

  private SlicedAnswer() {}

  /** Answers 200 with {@code view} in {@code format}; headers only for HEAD. */
  static void send(HttpExchange exchange, Format format, StatusView view) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", format.contentType);
    // The JDK server logs a WARNING for a HEAD response given a length; -1 means "no body".
    if ("HEAD".equals(exchange.getRequestMethod())) {
      exchange.sendResponseHeaders(200, -1);
      return;
    }
    Sink first = Sink.holding(HOLD_LIMIT);
    format.render(view, first);
    long length = first.size();
    if (length == 0) {
      exchange.sendResponseHeaders(200, -1);
      return;
    }
    exchange.sendResponseHeaders(200, length);
    try (OutputStream out = exchange.getResponseBody()) {
      if (first.holdsAll()) {
        first.copyTo(out);
        return;
      }
      Sink second = first.writingTo(out);
      format.render(view, second);
      second.finish();
      if (second.size() != length) {
        // Never: the same view renders the same bytes. The server cuts the connection.
        throw new IllegalStateException(
            format + " answer of " + second.size() + " bytes, " + length + " announced");
      }
    }
  }
}
