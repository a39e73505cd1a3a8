package dev.hermes.agent.http;

import dev.hermes.api.Status;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Renders the tree as three metric families, in the Prometheus text format 0.0.4 or OpenMetrics
 * 1.0.0: {@code hermes_value{path,key}} (a gauge, for values that are finite decimal numbers),
 * {@code hermes_status_info{path,key,value} 1} (info-style, for every other value) and {@code
 * hermes_key_age_seconds{path,key}} (seconds since each key was set). {@code path} is the child
 * path without its trailing '/' ({@code worker1/fetcher}), "" for the scraped JVM's own keys.
 */
final class PrometheusRenderer {
  /** The longest value kept in the {@code value} label; a longer one is cut and ends "...". */
  static final int MAX_VALUE_LABEL = 128;

  // A plain decimal: no hex, no "NaN"/"Infinity", no Java suffixes (1d, 2f), no spaces.
  private static final Pattern DECIMAL =
      Pattern.compile("[+-]?(?:[0-9]+\\.?[0-9]*|\\.[0-9]+)(?:[eE][+-]?[0-9]+)?");

  private PrometheusRenderer() {}

  static byte[] render(StatusView view, boolean openMetrics) {
    StringBuilder out = new StringBuilder(256 + view.entries.size() * 160);
    String[] numbers = new String[view.entries.size()];
    for (int i = 0; i < numbers.length; i++) {
      numbers[i] = number(view.entries.get(i).getValue().value());
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
        sample(out, "hermes_value", view.entries.get(i).getKey(), null)
            .append(numbers[i])
            .append('\n');
      }
    }
    family(
        out,
        openMetrics,
        openMetrics ? "hermes_status" : "hermes_status_info",
        openMetrics ? "info" : "gauge",
        null,
        "Status values that are not numbers: the value is a label, cut at "
            + MAX_VALUE_LABEL
            + " characters.");
    for (int i = 0; i < numbers.length; i++) {
      if (numbers[i] == null) {
        Map.Entry<String, Status> e = view.entries.get(i);
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
    for (Map.Entry<String, Status> e : view.entries) {
      String age = Seconds.of(e.getValue().ageNanos(view.now));
      sample(out, "hermes_key_age_seconds", e.getKey(), null).append(age).append('\n');
    }
    if (openMetrics) {
      out.append("# EOF\n");
    }
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** The value as an exposition number if it is a finite decimal, else null: "1.5E7" -> 1.5e7. */
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

  /** Escapes a label value per both formats: backslash, double quote and line feed. */
  static String escapeLabel(String value) {
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

  /** The first {@link #MAX_VALUE_LABEL} characters, the last three "..." when cut. */
  static String truncate(String value) {
    if (value.length() <= MAX_VALUE_LABEL) {
      return value;
    }
    int end = MAX_VALUE_LABEL - 3;
    if (Character.isHighSurrogate(value.charAt(end - 1))) {
      end--; // never split a character outside the BMP
    }
    return value.substring(0, end) + "...";
  }

  private static void family(
      StringBuilder out, boolean openMetrics, String name, String type, String unit, String help) {
    // Both formats accept HELP and TYPE in either order; this one is promtool's.
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
