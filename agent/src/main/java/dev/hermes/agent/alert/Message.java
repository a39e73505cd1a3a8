package dev.hermes.agent.alert;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;

/**
 * One alert message: an incident of a rule {@code firing} or {@code resolved}. The webhook body:
 *
 * <pre>
 * {"rule":"child_down","state":"firing","key":"worker1/hermes.child.state","value":"exited",
 *  "node":"worker1","since":"2026-12-02T05:01:02.345Z","at":"2026-12-02T05:01:07.345Z",
 *  "incident":"child_down/worker1/hermes.child.state/1764651662345",
 *  "source":"http://127.0.0.1:9091"}
 * </pre>
 *
 * {@code node} is the path of the JVM whose key it is ({@code ""} for this one); {@code since} when
 * the condition began to hold; {@code at} when it fired or resolved; {@code incident} the same in
 * the firing and in the resolve; {@code value} the key's value (null once it is gone); {@code
 * source} the endpoint of the JVM that sends. Slack gets {@code {"text": "..."}} saying the same.
 */
final class Message {
  private static final JsonFactory JSON = new JsonFactory();

  final String rule;
  final boolean firing;
  final String key;
  final String value;
  final long sinceMillis;
  final long atMillis;
  final String incident;
  final String source;

  Message(
      String rule,
      boolean firing,
      String key,
      String value,
      long sinceMillis,
      long atMillis,
      String incident,
      String source) {
    this.rule = rule;
    this.firing = firing;
    this.key = key;
    this.value = value;
    this.sinceMillis = sinceMillis;
    this.atMillis = atMillis;
    this.incident = incident;
    this.source = source;
  }

  String node() {
    int slash = key.lastIndexOf('/');
    return slash < 0 ? "" : key.substring(0, slash);
  }

  String json() {
    StringWriter out = new StringWriter();
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("rule", rule);
      g.writeStringField("state", firing ? "firing" : "resolved");
      g.writeStringField("key", key);
      g.writeStringField("value", value);
      g.writeStringField("node", node());
      g.writeStringField("since", Instant.ofEpochMilli(sinceMillis).toString());
      g.writeStringField("at", Instant.ofEpochMilli(atMillis).toString());
      g.writeStringField("incident", incident);
      g.writeStringField("source", source);
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  String slackJson() {
    String text =
        (firing ? "[FIRING] " : "[RESOLVED] ")
            + rule
            + ": "
            + key
            + (value == null ? " is gone" : " = " + value)
            + " (since "
            + Instant.ofEpochMilli(sinceMillis)
            + (source == null ? "" : ", at " + source)
            + ")";
    StringWriter out = new StringWriter();
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("text", text);
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }
}
