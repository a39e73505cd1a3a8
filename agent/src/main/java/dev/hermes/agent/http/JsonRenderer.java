package dev.hermes.agent.http;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.hermes.api.Status;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Renders {@code {"key": {"value": "...", "age": 1.25, "ttl": 30}}}: age is seconds since the value
 * was set, ttl the time to live it was given (absent for keys without one), both in seconds to the
 * millisecond. Jackson writes into the {@link Sink} through its own small buffer.
 */
final class JsonRenderer {
  private static final JsonFactory FACTORY =
      new JsonFactory().disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);

  private JsonRenderer() {}

  static void render(StatusView view, Sink out) throws IOException {
    char[] seconds = new char[24];
    try (JsonGenerator json = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
      json.writeStartObject();
      for (int i = 0, n = view.size(); i < n; i++) {
        Status status = view.status(i);
        json.writeObjectFieldStart(view.key(i));
        json.writeStringField("value", status.value());
        json.writeFieldName("age");
        json.writeNumber(seconds, 0, Seconds.format(status.ageNanos(view.now), seconds));
        if (status.ttlNanos() != 0) {
          json.writeFieldName("ttl");
          json.writeNumber(seconds, 0, Seconds.format(status.ttlNanos(), seconds));
        }
        json.writeEndObject();
      }
      json.writeEndObject();
    }
    out.ascii('\n');
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
