package dev.hermes.agent.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reads {@code ?type=json}'s {@code {"key":{"value":"...","age":1.2}}} into key -> value. */
final class SnapshotJson {
  private static final JsonFactory FACTORY = new JsonFactory();

  private SnapshotJson() {}

  static Map<String, String> values(byte[] json, String source) throws CommandException {
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
