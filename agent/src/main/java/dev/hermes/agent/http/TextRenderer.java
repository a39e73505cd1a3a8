package dev.hermes.agent.http;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Renders {@code key: value} lines, values escaped as {@link dev.hermes.agent.support.TextEscaping}
 * escapes them, straight into a {@link Sink}.
 */
final class TextRenderer {
  private TextRenderer() {}

  static void render(StatusView view, Sink out) throws IOException {
    for (int i = 0, n = view.size(); i < n; i++) {
      out.utf8(view.key(i));
      out.ascii(':');
      out.ascii(' ');
      out.textEscaped(view.status(i).value());
      out.ascii('\n');
    }
  }

  /** The whole answer as one array: for tests and small answers. */
  static byte[] render(StatusView view) {
    Sink sink = Sink.collecting();
    try {
      render(view, sink);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a holding sink does not fail
    }
    return sink.toByteArray();
  }
}
