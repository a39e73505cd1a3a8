package dev.hermes.agent.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads {@code ?type=json}'s {@code {"key":{"value":"...","age":1.2}}} into key -> value, and the
 * ages too where asked.
 */
final class SnapshotJson {
  private static final JsonFactory FACTORY = new JsonFactory();

  private SnapshotJson() {}

  static Map<String, String> values(byte[] json, String source) throws CommandException {
    return values(json, source, null);
  }

  /** The same, putting each key's age in seconds into {@code ages} too (unless null). */
  static Map<String, String> values(byte[] json, String source, Map<String, Double> ages)
      throws CommandException {
    Map<String, String> values = new LinkedHashMap<>();
    try (JsonParser p = FACTORY.createParser(json)) {
      expect(p.nextToken(), JsonToken.START_OBJECT);
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String key = p.currentName();
        expect(p.nextToken(), JsonToken.START_OBJECT);
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String field = p.currentName();
          JsonToken value = p.nextToken();
          if (field.equals("value") && value == JsonToken.VALUE_STRING) {
            values.put(key, p.getText());
          } else if (ages != null && field.equals("age") && value.isNumeric()) {
            ages.put(key, p.getDoubleValue());
          } else {
            p.skipChildren();
          }
        }
      }
    } catch (IOException e) {
      throw new CommandException(source + " did not answer with Hermes JSON: " + e.getMessage());
    }
    return values;
  }

  private static void expect(JsonToken actual, JsonToken expected) throws IOException {
    if (actual != expected) {
      throw new IOException("expected " + expected + ", found " + actual);
    }
  }
}
