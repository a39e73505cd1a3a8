package dev.hermes.agent.http;

import dev.hermes.agent.tree.ChildFields;
import dev.hermes.agent.tree.ChildState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Renders the tree as three metric families, in the Prometheus text format 0.0.4 or OpenMetrics
 * 1.0.0: {@code hermes_value{path,key}} (a gauge, for values that are finite decimal numbers),
 * {@code hermes_status_info{path,key,value} 1} (info-style, for every other value) and {@code
 * hermes_key_age_seconds{path,key}} (seconds since each key was set). {@code path} is the child
 * path without its trailing '/' ({@code worker1/fetcher}), "" for the scraped JVM's own keys.
 *
 * <p>Where the view holds children (their {@link ChildFields#STATE}), four families more, one
 * series a child and gone with it: {@code hermes_child_state{path,hermes_child_state}}, a StateSet
 * in OpenMetrics and the same samples as a gauge in 0.0.4 (whose parsers know no {@code stateset}
 * type); {@code hermes_child_up{path}} (1 while {@code running} or {@code not_joined}), {@code
 * hermes_child_restarts{path}} and {@code hermes_child_crash_loop{path}} (0 or 1).
 */
final class PrometheusRenderer {
  /** The longest value kept in the {@code value} label; a longer one is cut and ends "...". */
  static final int MAX_VALUE_LABEL = 128;

  // The constant parts of each sample line, as bytes.
  private static final byte[] VALUE = ascii("hermes_value{path=\"");
  private static final byte[] INFO = ascii("hermes_status_info{path=\"");
  private static final byte[] AGE = ascii("hermes_key_age_seconds{path=\"");
  private static final byte[] KEY = ascii("\",key=\"");
  private static final byte[] LABEL_VALUE = ascii("\",value=\"");
  private static final byte[] END = ascii("\"} ");
  private static final byte[] END_ONE = ascii("\"} 1\n");
  private static final byte[] CHILD_STATE = ascii("hermes_child_state{path=\"");
  private static final byte[] STATE_LABEL = ascii("\",hermes_child_state=\"");
  private static final byte[] CHILD_UP = ascii("hermes_child_up{path=\"");
  private static final byte[] CHILD_RESTARTS = ascii("hermes_child_restarts{path=\"");
  private static final byte[] CHILD_CRASH_LOOP = ascii("hermes_child_crash_loop{path=\"");
  private static final String STATE_SUFFIX = "/" + ChildFields.STATE;
  private static final String RESTARTS_SUFFIX = "/" + ChildFields.RESTARTS;
  private static final String CRASH_LOOP_SUFFIX = "/" + ChildFields.CRASH_LOOP;

  private PrometheusRenderer() {}

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  static void render(StatusView view, boolean openMetrics, Sink out) throws IOException {
    int n = view.size();
    // Which keys went to hermes_value, so the second walk needs no second parse.
    long[] numeric = new long[(n + 63) >>> 6];
    family(
        out,
        openMetrics,
        "hermes_value",
        "gauge",
        null,
        "Status values that are finite decimal numbers, by child path and key.");
    for (int i = 0; i < n; i++) {
      String number = number(view.status(i).value());
      if (number != null) {
        numeric[i >>> 6] |= 1L << i;
        labels(out, VALUE, view.key(i));
        out.bytes(END);
        out.ascii(number);
        out.ascii('\n');
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
    for (int i = 0; i < n; i++) {
      if ((numeric[i >>> 6] & (1L << i)) == 0) {
        labels(out, INFO, view.key(i));
        out.bytes(LABEL_VALUE);
        String value = view.status(i).value();
        int end = truncatedLength(value);
        out.labelEscaped(value, 0, end);
        if (end < value.length()) {
          out.ascii("...");
        }
        out.bytes(END_ONE);
      }
    }
    family(
        out,
        openMetrics,
        "hermes_key_age_seconds",
        "gauge",
        "seconds",
        "Seconds since each key was last set, as its own process saw it.");
    for (int i = 0; i < n; i++) {
      labels(out, AGE, view.key(i));
      out.bytes(END);
      Seconds.write(out, view.status(i).ageNanos(view.now));
      out.ascii('\n');
    }
    children(view, openMetrics, out);
    if (openMetrics) {
      out.ascii("# EOF\n");
    }
  }

  /** The families of the children in {@code view}; nothing when it holds none. */
  private static void children(StatusView view, boolean openMetrics, Sink out) throws IOException {
    List<String> paths = new ArrayList<>();
    List<String> states = new ArrayList<>();
    Map<String, String> restarts = new HashMap<>();
    Set<String> loops = new HashSet<>();
    for (int i = 0, n = view.size(); i < n; i++) {
      String key = view.key(i);
      if (key.endsWith(STATE_SUFFIX)) {
        paths.add(key.substring(0, key.length() - STATE_SUFFIX.length()));
        states.add(view.status(i).value());
      } else if (key.endsWith(RESTARTS_SUFFIX)) {
        String number = number(view.status(i).value());
        if (number != null) {
          restarts.put(key.substring(0, key.length() - RESTARTS_SUFFIX.length()), number);
        }
      } else if (key.endsWith(CRASH_LOOP_SUFFIX)) {
        loops.add(key.substring(0, key.length() - CRASH_LOOP_SUFFIX.length()));
      }
    }
    if (paths.isEmpty()) {
      return;
    }
    family(
        out,
        openMetrics,
        "hermes_child_state",
        openMetrics ? "stateset" : "gauge",
        null,
        "Each child's state as its parent sees it: 1 for the state it is in, 0 for the others.");
    for (int c = 0; c < paths.size(); c++) {
      for (ChildState state : ChildState.values()) {
        child(out, CHILD_STATE, paths.get(c));
        out.bytes(STATE_LABEL);
        out.ascii(state.value());
        out.bytes(END);
        out.ascii(state.value().equals(states.get(c)) ? '1' : '0');
        out.ascii('\n');
      }
    }
    family(
        out,
        openMetrics,
        "hermes_child_up",
        "gauge",
        null,
        "1 while a child is running (joined and answering) or not_joined (alive, without an"
            + " agent); 0 while starting, not answering or exited.");
    for (int c = 0; c < paths.size(); c++) {
      ChildState state = ChildState.of(states.get(c));
      child(out, CHILD_UP, paths.get(c));
      out.bytes(END);
      out.ascii(state == ChildState.RUNNING || state == ChildState.NOT_JOINED ? '1' : '0');
      out.ascii('\n');
    }
    family(
        out,
        openMetrics,
        "hermes_child_restarts",
        "gauge",
        null,
        "How many times a child of this name was started again after one exited.");
    for (String path : paths) {
      String count = restarts.get(path);
      if (count != null) {
        child(out, CHILD_RESTARTS, path);
        out.bytes(END);
        out.ascii(count);
        out.ascii('\n');
      }
    }
    family(
        out,
        openMetrics,
        "hermes_child_crash_loop",
        "gauge",
        null,
        "1 while a child's last three restarts, each after a failed exit, fell within 60 s.");
    for (String path : paths) {
      child(out, CHILD_CRASH_LOOP, path);
      out.bytes(END);
      out.ascii(loops.contains(path) ? '1' : '0');
      out.ascii('\n');
    }
  }

  /** Writes {@code name{path="..."} up to, not with, the closing quote of the path. */
  private static void child(Sink out, byte[] start, String path) throws IOException {
    out.bytes(start);
    out.labelEscaped(path, 0, path.length());
  }

  /** The whole answer as one array: for tests and small answers. */
  static byte[] render(StatusView view, boolean openMetrics) {
    Sink sink = Sink.collecting();
    try {
      render(view, openMetrics, sink);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a holding sink does not fail
    }
    return sink.toByteArray();
  }

  /** The value as an exposition number if it is a finite decimal, else null: "1.5E7" -> 1.5e7. */
  static String number(String value) {
    int length = value.length();
    if (length == 0 || length > 64 || !isDecimal(value)) {
      return null;
    }
    if (length <= 15 && isPlainWhole(value)) {
      return value; // what the general case makes of it, e.g. "42" -> "42", without parsing
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

  /**
   * Whether {@code s} is a plain decimal: {@code
   * [+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?} (no hex, no "NaN" or "Infinity", no Java
   * suffixes like 1d or 2f, no spaces), scanned by hand: every value of every scrape is tested.
   */
  static boolean isDecimal(String s) {
    int n = s.length();
    int i = 0;
    if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
      i++;
    }
    int whole = digits(s, i);
    i += whole;
    if (i < n && s.charAt(i) == '.') {
      i++;
      int fraction = digits(s, i);
      if (whole == 0 && fraction == 0) {
        return false;
      }
      i += fraction;
    } else if (whole == 0) {
      return false;
    }
    if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
      i++;
      if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
        i++;
      }
      int exponent = digits(s, i);
      if (exponent == 0) {
        return false;
      }
      i += exponent;
    }
    return i == n;
  }

  private static int digits(String s, int from) {
    int i = from;
    while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
      i++;
    }
    return i - from;
  }

  /** Digits only, without a leading zero unless it is "0": the number prints as itself. */
  private static boolean isPlainWhole(String s) {
    if (s.charAt(0) == '0' && s.length() > 1) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
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
    int end = truncatedLength(value);
    return end == value.length() ? value : value.substring(0, end) + "...";
  }

  /** How many characters of {@code value} {@link #truncate} keeps before its "...". */
  private static int truncatedLength(String value) {
    if (value.length() <= MAX_VALUE_LABEL) {
      return value.length();
    }
    int end = MAX_VALUE_LABEL - 3;
    if (Character.isHighSurrogate(value.charAt(end - 1))) {
      end--; // never split a character outside the BMP
    }
    return end;
  }

  private static void family(
      Sink out, boolean openMetrics, String name, String type, String unit, String help)
      throws IOException {
    // Both formats accept HELP and TYPE in either order; this one is promtool's.
    out.ascii("# HELP ");
    out.ascii(name);
    out.ascii(' ');
    out.ascii(help);
    out.ascii("\n# TYPE ");
    out.ascii(name);
    out.ascii(' ');
    out.ascii(type);
    out.ascii('\n');
    if (openMetrics && unit != null) {
      out.ascii("# UNIT ");
      out.ascii(name);
      out.ascii(' ');
      out.ascii(unit);
      out.ascii('\n');
    }
  }

  /** Writes {@code name{path="...",key="...} up to, not with, the closing quote of the key. */
  private static void labels(Sink out, byte[] start, String path) throws IOException {
    int slash = path.lastIndexOf('/');
    out.bytes(start);
    out.labelEscaped(path, 0, Math.max(slash, 0));
    out.bytes(KEY);
    out.labelEscaped(path, slash + 1, path.length());
  }
}
