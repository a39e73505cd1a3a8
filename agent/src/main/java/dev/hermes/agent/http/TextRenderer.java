package dev.hermes.agent.http;

import dev.hermes.api.Status;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Renders {@code key: value} lines. Values are escaped so that no value can forge a line: {@code \}
 * becomes {@code \\}, LF {@code \n}, CR {@code \r}, TAB {@code \t}, and every other control
 * character (C0, DEL, C1) and U+2028/U+2029 becomes {@code \}{@code uXXXX}.
 */
final class TextRenderer {
  private TextRenderer() {}

  static byte[] render(StatusView view) {
    StringBuilder out = new StringBuilder(view.entries.size() * 32);
    for (Map.Entry<String, Status> e : view.entries) {
      out.append(e.getKey()).append(": ");
      appendEscaped(out, e.getValue().value());
      out.append('\n');
    }
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  static String escape(String value) {
    StringBuilder out = new StringBuilder(value.length() + 8);
    appendEscaped(out, value);
    return out.toString();
  }

  private static void appendEscaped(StringBuilder out, String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\\') {
        out.append("\\\\");
      } else if (c == '\n') {
        out.append("\\n");
      } else if (c == '\r') {
        out.append("\\r");
      } else if (c == '\t') {
        out.append("\\t");
      } else if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029') {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
  }
}
