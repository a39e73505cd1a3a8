package dev.hermes.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;

/** Parses the text format's {@code key: value} lines, keeping their order. */
final class TextLines {
  private TextLines() {}

  static Map<String, String> parse(String body) {
    Map<String, String> lines = new LinkedHashMap<>();
    for (String line : body.split("\n")) {
      if (line.isEmpty()) {
        continue;
      }
      int colon = line.indexOf(": ");
      assertTrue(colon > 0, "not a key: value line: [" + line + "]");
      lines.put(line.substring(0, colon), line.substring(colon + 2));
    }
    return lines;
  }
}
