package dev.hermes.agent.http;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.hermes.api.Status;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * Renders {@code {"key": {"value": "...", "age": 1.25, "ttl": 30}}}: age is seconds since the value
 * was set, ttl the time to live it was given (absent for keys without one), both in seconds to the
 * millisecond.
 */
final class JsonRenderer {
  private static final JsonFactory FACTORY = new JsonFactory();

  private JsonRenderer() {}

  static byte[] render(StatusView view) {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream(64 + view.entries.size() * 64);
    try (JsonGenerator json = FACTORY.createGenerator(buffer, JsonEncoding.UTF8)) {
      json.writeStartObject();
      for (Map.Entry<String, Status> e : view.entries) {
        Status status = e.getValue();
        json.writeObjectFieldStart(e.getKey());
        json.writeStringField("value", status.value());
        json.writeFieldName("age");
        json.writeNumber(Seconds.of(status.ageNanos(view.now)));
        if (status.ttlNanos() != 0) {
          json.writeFieldName("ttl");
          json.writeNumber(Seconds.of(status.ttlNanos()));
        }
        json.writeEndObject();
      }
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
    }
    buffer.write('\n');
    return buffer.toByteArray();
  }
}
