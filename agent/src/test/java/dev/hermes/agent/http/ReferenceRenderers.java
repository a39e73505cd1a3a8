package dev.hermes.agent.http;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.hermes.agent.support.TextEscaping;
import dev.hermes.api.Status;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.regex.Pattern;

/**
 * The renderers as they were before they wrote into a {@link Sink} (main at 6bc4790): each answer
 * built as a string, then encoded. Kept as the oracle that the streaming renderers must match byte
 * for byte ({@link RenderersMatchReferenceTest}).
 */
final class ReferenceRenderers {
  private static final JsonFactory FACTORY = new JsonFactory();
  private static final Pattern DECIMAL =
      Pattern.compile("[+-]?(?:[0-9]+\\.?[0-9]*|\\.[0-9]+)(?:[eE][+-]?[0-9]+)?");

  private ReferenceRenderers() {}

  /** Own keys first, then child keys, each sorted. */
  static List<Map.Entry<String, Status>> ordered(SortedMap<String, Status> snapshot) {
    List<Map.Entry<String, Status>> ordered = new ArrayList<>(snapshot.size());
    for (Map.Entry<String, Status> e : snapshot.entrySet()) {
      if (e.getKey().indexOf('/') < 0) {
        ordered.add(e);
      }
    }
    for (Map.Entry<String, Status> e : snapshot.entrySet()) {
      if (e.getKey().indexOf('/') >= 0) {
        ordered.add(e);
      }
    }
    return ordered;
  }

  static byte[] text(SortedMap<String, Status> snapshot) {
    StringBuilder out = new StringBuilder();
    for (Map.Entry<String, Status> e : ordered(snapshot)) {
      out.append(e.getKey()).append(": ");
      TextEscaping.append(out, e.getValue().value());
      out.append('\n');
    }
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  static byte[] json(SortedMap<String, Status> snapshot, long now) {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    try (JsonGenerator json = FACTORY.createGenerator(buffer, JsonEncoding.UTF8)) {
      json.writeStartObject();
      for (Map.Entry<String, Status> e : ordered(snapshot)) {
        Status status = e.getValue();
        json.writeObjectFieldStart(e.getKey());
        json.writeStringField("value", status.value());
        json.writeFieldName("age");
        json.writeNumber(Seconds.of(status.ageNanos(now)));
        if (status.ttlNanos() != 0) {
          json.writeFieldName("ttl");
          json.writeNumber(Seconds.of(status.ttlNanos()));
        }
        json.writeEndObject();
      }
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    buffer.write('\n');
    return buffer.toByteArray();
  }

  static byte[] prometheus(SortedMap<String, Status> snapshot, long now, boolean openMetrics) {
    List<Map.Entry<String, Status>> entries = ordered(snapshot);
    StringBuilder out = new StringBuilder();
    String[] numbers = new String[entries.size()];
    for (int i = 0; i < numbers.length; i++) {
      numbers[i] = number(entries.get(i).getValue().value());
    }
    family(
        out,
        openMetrics,
        "hermes_value",
        "gauge",
        null,
        "Status values that are finite decimal numbers, by child path and key.");
    for (int i = 0; i < numbers.length; i++) {
      if (numbers[i] != null) {
        sample(out, "hermes_value", entries.get(i).getKey(), null).append(numbers[i]).append('\n');
      }
    }
    family(
        out,
        openMetrics,
        openMetrics ? "hermes_status" : "hermes_status_info",
        openMetrics ? "info" : "gauge",
        null,
        "Status values that are not numbers: the value is a label, cut at 128 characters.");
    for (int i = 0; i < numbers.length; i++) {
      if (numbers[i] == null) {
        Map.Entry<String, Status> e = entries.get(i);
        sample(out, "hermes_status_info", e.getKey(), truncate(e.getValue().value())).append("1\n");
      }
    }
    family(
        out,
        openMetrics,
        "hermes_key_age_seconds",
        "gauge",
        "seconds",
        "Seconds since each key was last set, as its own process saw it.");
    for (Map.Entry<String, Status> e : entries) {
      String age = Seconds.of(e.getValue().ageNanos(now));
      sample(out, "hermes_key_age_seconds", e.getKey(), null).append(age).append('\n');
    }
    if (openMetrics) {
      out.append("# EOF\n");
    }
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  static String number(String value) {
    if (value.isEmpty() || value.length() > 64 || !DECIMAL.matcher(value).matches()) {
      return null;
    }
    double d = Double.parseDouble(value);
    if (Double.isInfinite(d)) {
      return null;
    }
    if (d == Math.rint(d) && Math.abs(d) < 1e15) {
      return Long.toString((long) d);
    }
    return Double.toString(d).replace('E', 'e');
  }

  static boolean isDecimal(String value) {
    return DECIMAL.matcher(value).matches();
  }

  private static String escapeLabel(String value) {
    StringBuilder out = new StringBuilder(value.length() + 8);
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\\') {
        out.append("\\\\");
      } else if (c == '"') {
        out.append("\\\"");
      } else if (c == '\n') {
        out.append("\\n");
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static String truncate(String value) {
    if (value.length() <= 128) {
      return value;
    }
    int end = 128 - 3;
    if (Character.isHighSurrogate(value.charAt(end - 1))) {
      end--;
    }
    return value.substring(0, end) + "...";
  }

  private static void family(
      StringBuilder out, boolean openMetrics, String name, String type, String unit, String help) {
    out.append("# HELP ").append(name).append(' ').append(help).append('\n');
    out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    if (openMetrics && unit != null) {
      out.append("# UNIT ").append(name).append(' ').append(unit).append('\n');
    }
  }

  private static StringBuilder sample(StringBuilder out, String name, String path, String value) {
    int slash = path.lastIndexOf('/');
    String child = slash < 0 ? "" : path.substring(0, slash);
    String key = path.substring(slash + 1);
    out.append(name).append("{path=\"").append(escapeLabel(child));
    out.append("\",key=\"").append(escapeLabel(key)).append('"');
    if (value != null) {
      out.append(",value=\"").append(escapeLabel(value)).append('"');
    }
    return out.append("} ");
  }
}
