package dev.hermes.agent.probe;

import com.fasterxml.jackson.core.JsonPointer;
import dev.hermes.agent.support.Condition;
import dev.hermes.agent.support.Words;
import dev.hermes.api.Keys;
import dev.hermes.api.ProbeCheck;
import dev.hermes.api.StatusStore;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The probes file: one probe a line, {@code name = kind target [option=value ...]}; blank lines and
 * lines starting with {@code #} are skipped; a value with spaces is quoted ({@code
 * contains="status: UP"}).
 *
 * <pre>
 * web  = http https://api.internal/health every=5s timeout=2s status=200 json=/status equals=UP
 * db   = tcp  db.internal:5432 every=10s timeout=1s
 * heap = key  jvm.memory.heap.used / jvm.memory.heap.max warning=&gt;0.8 critical=&gt;0.95
 * w1   = key  worker1/hermes.child.state critical=not:running
 * </pre>
 *
 * A line in error is skipped with a problem naming its number; the others load.
 */
final class ProbeFile {
  /** The most probes a file may hold. */
  static final int MAX_PROBES = 256;

  static final Duration DEFAULT_EVERY = Duration.ofSeconds(10);
  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

  private static final Set<String> COMMON = Set.of("every", "timeout");
  private static final Set<String> HTTP =
      Set.of("every", "timeout", "method", "status", "contains", "json", "equals", "ca", "header");
  private static final Set<String> KEY = Set.of("every", "warning", "critical");

  private ProbeFile() {}

  /** One probe as the file gives it. */
  static final class Spec {
    final String name;
    final String line;
    final Duration every;
    final ProbeCheck check;

    Spec(String name, String line, Duration every, ProbeCheck check) {
      this.name = name;
      this.line = line;
      this.every = every;
      this.check = check;
    }
  }

  /** What a file holds: its probes by name, in order, and a line for each problem. */
  static final class Parsed {
    final Map<String, Spec> probes = new LinkedHashMap<>();
    final List<String> problems = new ArrayList<>();
  }

  static Parsed parse(String text, StatusStore store, Path base) {
    Parsed parsed = new Parsed();
    String[] lines = text.split("\r?\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].trim();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      try {
        Spec spec = parseLine(line, store, base);
        if (parsed.probes.containsKey(spec.name)) {
          throw new IllegalArgumentException("probe [" + spec.name + "] is named twice");
        }
        if (parsed.probes.size() >= MAX_PROBES) {
          throw new IllegalArgumentException("more than " + MAX_PROBES + " probes");
        }
        parsed.probes.put(spec.name, spec);
      } catch (IllegalArgumentException e) {
        parsed.problems.add("line " + (i + 1) + ": " + e.getMessage());
      }
    }
    return parsed;
  }

  static Spec parseLine(String line, StatusStore store, Path base) {
    int eq = line.indexOf('=');
    if (eq <= 0) {
      throw new IllegalArgumentException(
          "use name = kind target [option=value ...], e.g. db = tcp db.internal:5432");
    }
    String name = line.substring(0, eq).trim();
    if (!Keys.isValid("probe." + name + ".latency_ms")) {
      throw new IllegalArgumentException(
          "[" + name + "] is no probe name; use letters, digits, '_' and '.', e.g. db");
    }
    List<String> words = Words.split(line.substring(eq + 1));
    if (words.isEmpty()) {
      throw new IllegalArgumentException("probe [" + name + "] has no kind; use http, tcp or key");
    }
    String kind = words.get(0).toLowerCase(Locale.ROOT);
    List<String> targets = new ArrayList<>();
    Map<String, String> options = new HashMap<>();
    for (String w : words.subList(1, words.size())) {
      int at = w.indexOf('=');
      if (at > 0 && Words.isOptionName(w.substring(0, at))) {
        String option = w.substring(0, at);
        if (options.put(option, w.substring(at + 1)) != null) {
          throw new IllegalArgumentException("option [" + option + "] is given twice");
        }
      } else if (options.isEmpty()) {
        targets.add(w);
      } else {
        throw new IllegalArgumentException("[" + w + "] after the options; put it first");
      }
    }
    Duration every = seconds(options, "every", DEFAULT_EVERY);
    if (every.toMillis() < 100) {
      throw new IllegalArgumentException("every= must be 0.1 s or more");
    }
    switch (kind) {
      case "http":
        return new Spec(name, line, every, http(name, targets, options, every, base));
      case "tcp":
        return new Spec(name, line, every, tcp(name, targets, options, every));
      case "key":
        return new Spec(name, line, every, key(name, targets, options, store));
      default:
        throw new IllegalArgumentException(
            "probe [" + name + "] has the unknown kind [" + kind + "]; use http, tcp or key");
    }
  }

  private static ProbeCheck http(
      String name, List<String> targets, Map<String, String> options, Duration every, Path base) {
    allowed(name, options, HTTP);
    if (targets.size() != 1) {
      throw new IllegalArgumentException("http probe [" + name + "] needs one URL");
    }
    URI url;
    try {
      url = URI.create(targets.get(0));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("[" + targets.get(0) + "] is no URL");
    }
    if (!("http".equals(url.getScheme()) || "https".equals(url.getScheme()))
        || url.getHost() == null) {
      throw new IllegalArgumentException("[" + url + "] is no http or https URL");
    }
    String method = options.getOrDefault("method", "GET").toUpperCase(Locale.ROOT);
    if (!method.equals("GET") && !method.equals("HEAD")) {
      throw new IllegalArgumentException("method= is GET or HEAD");
    }
    List<int[]> statuses = statuses(options.getOrDefault("status", "200-399"));
    JsonPointer pointer = null;
    if (options.containsKey("json")) {
      try {
        pointer = JsonPointer.compile(options.get("json"));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "json= is a JSON pointer, e.g. json=/status: " + e.getMessage());
      }
    }
    if (options.containsKey("equals") && pointer == null) {
      throw new IllegalArgumentException("equals= compares a json= pointer's value; add json=");
    }
    String headerName = null;
    Path headerFile = null;
    if (options.containsKey("header")) {
      String h = options.get("header");
      int colon = h.indexOf(':');
      if (colon <= 0 || colon == h.length() - 1) {
        throw new IllegalArgumentException(
            "header= is Name:file, e.g. header=Authorization:/run/secrets/health-token");
      }
      headerName = h.substring(0, colon);
      headerFile = Words.besides(base, h.substring(colon + 1));
    }
    Path ca = options.containsKey("ca") ? Words.besides(base, options.get("ca")) : null;
    return new HttpCheck(
        url,
        method.equals("HEAD"),
        statuses,
        options.get("contains"),
        pointer,
        options.get("equals"),
        timeout(options, every),
        ca,
        headerName,
        headerFile);
  }

  private static ProbeCheck tcp(
      String name, List<String> targets, Map<String, String> options, Duration every) {
    allowed(name, options, COMMON);
    String target = targets.size() == 1 ? targets.get(0) : "";
    int colon = target.lastIndexOf(':');
    if (colon <= 0) {
      throw new IllegalArgumentException("tcp probe [" + name + "] needs host:port");
    }
    String host = target.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port;
    try {
      port = Integer.parseInt(target.substring(colon + 1));
    } catch (NumberFormatException e) {
      port = -1;
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("[" + target + "] has no port from 1 to 65535");
    }
    return new TcpCheck(host, port, timeout(options, every));
  }

  private static ProbeCheck key(
      String name, List<String> targets, Map<String, String> options, StatusStore store) {
    allowed(name, options, KEY);
    String over = null;
    if (targets.size() == 3 && targets.get(1).equals("/")) {
      over = targets.get(2);
    } else if (targets.size() != 1) {
      throw new IllegalArgumentException(
          "key probe ["
              + name
              + "] needs a key, or two with ' / ' between, e.g. jvm.memory.heap.used /"
              + " jvm.memory.heap.max");
    }
    for (String k : over == null ? List.of(targets.get(0)) : List.of(targets.get(0), over)) {
      if (!Keys.isValidPath(k)) {
        throw new IllegalArgumentException("[" + k + "] is no key or child path");
      }
    }
    Condition warning =
        options.containsKey("warning") ? Condition.parse(options.get("warning")) : null;
    Condition critical =
        options.containsKey("critical") ? Condition.parse(options.get("critical")) : null;
    if (warning == null && critical == null) {
      throw new IllegalArgumentException(
          "key probe [" + name + "] needs warning= or critical=, e.g. critical=>0.9");
    }
    return new KeyCheck(store, targets.get(0), over, warning, critical);
  }

  private static void allowed(String name, Map<String, String> options, Set<String> known) {
    for (String option : options.keySet()) {
      if (!known.contains(option)) {
        throw new IllegalArgumentException(
            "probe [" + name + "]: unknown option [" + option + "]; known: " + known);
      }
    }
  }

  private static int timeout(Map<String, String> options, Duration every) {
    Duration t =
        seconds(options, "timeout", every.compareTo(DEFAULT_TIMEOUT) < 0 ? every : DEFAULT_TIMEOUT);
    if (t.compareTo(every) > 0 || t.toMillis() < 1) {
      throw new IllegalArgumentException("timeout= is more than 0 and at most every=");
    }
    return (int) Math.min(Integer.MAX_VALUE, t.toMillis());
  }

  private static Duration seconds(Map<String, String> options, String option, Duration fallback) {
    String v = options.get(option);
    if (v == null) {
      return fallback;
    }
    try {
      String number = v.endsWith("ms") ? v.substring(0, v.length() - 2) : v;
      number = number.endsWith("s") ? number.substring(0, number.length() - 1) : number;
      double seconds = Double.parseDouble(number) / (v.endsWith("ms") ? 1000 : 1);
      if (seconds > 0 && seconds <= 86_400) {
        return Duration.ofNanos((long) (seconds * 1e9));
      }
    } catch (NumberFormatException e) {
      // said below
    }
    throw new IllegalArgumentException(
        option + "=" + v + ": use seconds from 0 to 86400, e.g. 10, 2.5s or 500ms");
  }

  private static List<int[]> statuses(String spec) {
    List<int[]> ranges = new ArrayList<>();
    for (String part : spec.split(",")) {
      String[] ends = part.trim().split("-", 2);
      try {
        int from = Integer.parseInt(ends[0].trim());
        int to = ends.length == 2 ? Integer.parseInt(ends[1].trim()) : from;
        if (from >= 100 && to <= 599 && from <= to) {
          ranges.add(new int[] {from, to});
          continue;
        }
      } catch (NumberFormatException e) {
        // said below
      }
      throw new IllegalArgumentException("status=" + spec + ": use e.g. 200 or 200,204 or 200-299");
    }
    return ranges;
  }
}
