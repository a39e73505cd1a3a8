package dev.hermes.agent.http;

import dev.hermes.agent.support.TextEscaping;
import dev.hermes.api.Status;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Renders {@code key: value} lines, values escaped by {@link TextEscaping}. */
final class TextRenderer {
  private TextRenderer() {}

  static byte[] render(StatusView view) {
    StringBuilder out = new StringBuilder(view.entries.size() * 32);
    for (Map.Entry<String, Status> e : view.entries) {
      out.append(e.getKey()).append(": ");
      TextEscaping.append(out, e.getValue().value());
      out.append('\n');
    }
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }
}
