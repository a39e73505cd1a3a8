package dev.hermes.agent.http;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.hermes.api.Status;
import dev.hermes.api.StatusChange;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One server-sent event: {@code set}, {@code removed} or {@code expired} with {@code
 * {"key":...,"value":...[,"ttl":30]}}, or {@code joined} or {@code left} with {@code
 * {"child":"worker1/fetcher"}}. The data is one line of JSON, so no value can forge an event.
 */
final class SseEvent {
  private static final JsonFactory FACTORY = new JsonFactory();

  final String type;
  final String key;
  final String value;
  final long ttlNanos;

  private SseEvent(String type, String key, String value, long ttlNanos) {
    this.type = type;
    this.key = key;
    this.value = value;
    this.ttlNanos = ttlNanos;
  }

  static SseEvent of(StatusChange change) {
    Status status = change.status().orElse(null);
    return new SseEvent(
        change.kind().name().toLowerCase(Locale.ROOT),
        change.key(),
        status == null ? null : status.value(),
        status == null || change.kind() != StatusChange.Kind.SET ? 0 : status.ttlNanos());
  }

  /** {@code joined} or {@code left} for the child at {@code path}, e.g. "worker1/fetcher". */
  static SseEvent child(String type, String path) {
    return new SseEvent(type, path, null, 0);
  }

  /** Roughly the characters this event holds on to while queued. */
  int weight() {
    return 64 + key.length() + (value == null ? 0 : value.length());
  }

  /** {@code id: 7\nevent: set\ndata: {...}\n\n}. */
  byte[] encode(long id) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(96 + weight());
    byte[] head = ("id: " + id + "\nevent: " + type + "\ndata: ").getBytes(StandardCharsets.UTF_8);
    out.write(head, 0, head.length);
    try (JsonGenerator json = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
      json.writeStartObject();
      if (value == null && (type.equals("joined") || type.equals("left"))) {
        json.writeStringField("child", key);
      } else {
        json.writeStringField("key", key);
        if (value != null) {
          json.writeStringField("value", value);
        }
        if (ttlNanos != 0) {
          json.writeFieldName("ttl");
          json.writeNumber(Seconds.of(ttlNanos));
        }
      }
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
    }
    out.write('\n');
    out.write('\n');
    return out.toByteArray();
  }
}
