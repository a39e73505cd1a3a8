package dev.hermes.agent.alert;

import dev.hermes.agent.support.Condition;
import dev.hermes.agent.support.Words;
import dev.hermes.api.Keys;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The alert rules file: one rule a line, {@code name = pattern condition [option=value ...]}; blank
 * lines and lines starting with {@code #} are skipped.
 *
 * <pre>
 * child_down = *&#47;hermes.child.state is:exited,not_answering for=5s webhook=http://127.0.0.1:8080/hook
 * probe_crit = **&#47;probe.*.status is:critical for=30s slack=/run/secrets/slack-webhook-url
 * heap       = jvm.memory.heap.used &gt;4e9 for=60s webhook=https://hooks.internal/h header=Authorization:/run/secrets/hook
 * </pre>
 *
 * Options: {@code for=} (the hold time, seconds, default 0), {@code webhook=<url>} with an optional
 * {@code header=Name:<file>}, {@code slack=<file holding the incoming-webhook URL>}, {@code
 * resolved=on|off} (send the resolve, default on). A line in error is skipped with a problem naming
 * its number; the others load.
 */
final class AlertFile {
  static final int MAX_RULES = 256;
  static final int MAX_DESTINATIONS = 32;

  private static final Set<String> OPTIONS =
      Set.of("for", "webhook", "header", "slack", "resolved");

  private AlertFile() {}

  /** One rule as the file gives it; its destinations by their specs. */
  static final class Rule {
    final String name;
    final String line;
    final KeyPattern pattern;
    final Condition condition;
    final long holdNanos;
    final boolean sendResolved;
    final List<String> destinations;
    final Map<String, Destination> made;

    Rule(
        String name,
        String line,
        KeyPattern pattern,
        Condition condition,
        long holdNanos,
        boolean sendResolved,
        Map<String, Destination> made) {
      this.name = name;
      this.line = line;
      this.pattern = pattern;
      this.condition = condition;
      this.holdNanos = holdNanos;
      this.sendResolved = sendResolved;
      this.destinations = new ArrayList<>(made.keySet());
      this.made = made;
    }
  }

  static final class Parsed {
    final Map<String, Rule> rules = new LinkedHashMap<>();
    final List<String> problems = new ArrayList<>();
  }

  static Parsed parse(String text, Path base) {
    Parsed parsed = new Parsed();
    String[] lines = text.split("\r?\n", -1);
    Set<String> destinations = new java.util.HashSet<>();
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].trim();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      try {
        Rule rule = parseLine(line, base);
        if (parsed.rules.containsKey(rule.name)) {
          throw new IllegalArgumentException("rule [" + rule.name + "] is named twice");
        }
        if (parsed.rules.size() >= MAX_RULES) {
          throw new IllegalArgumentException("more than " + MAX_RULES + " rules");
        }
        Set<String> more = new java.util.HashSet<>(destinations);
        more.addAll(rule.destinations);
        if (more.size() > MAX_DESTINATIONS) {
          throw new IllegalArgumentException("more than " + MAX_DESTINATIONS + " destinations");
        }
        destinations = more;
        parsed.rules.put(rule.name, rule);
      } catch (IllegalArgumentException e) {
        parsed.problems.add("line " + (i + 1) + ": " + e.getMessage());
      }
    }
    return parsed;
  }

  static Rule parseLine(String line, Path base) {
    int eq = line.indexOf('=');
    if (eq <= 0) {
      throw new IllegalArgumentException(
          "use name = pattern condition [for=5s] webhook=<url>|slack=<file>");
    }
    String name = line.substring(0, eq).trim();
    if (!Keys.isValid("alert." + name + ".state")) {
      throw new IllegalArgumentException(
          "[" + name + "] is no rule name; use letters, digits, '_' and '.', e.g. child_down");
    }
    List<String> words = Words.split(line.substring(eq + 1));
    List<String> head = new ArrayList<>();
    Map<String, String> options = new HashMap<>();
    for (String w : words) {
      int at = w.indexOf('=');
      if (at > 0 && Words.isOptionName(w.substring(0, at))) {
        String option = w.substring(0, at);
        if (!OPTIONS.contains(option)) {
          throw new IllegalArgumentException(
              "rule [" + name + "]: unknown option [" + option + "]; known: " + OPTIONS);
        }
        if (options.put(option, w.substring(at + 1)) != null) {
          throw new IllegalArgumentException("option [" + option + "] is given twice");
        }
      } else if (options.isEmpty()) {
        head.add(w);
      } else {
        throw new IllegalArgumentException("[" + w + "] after the options; put it first");
      }
    }
    if (head.size() != 2) {
      throw new IllegalArgumentException(
          "rule ["
              + name
              + "] needs a key pattern and a condition, e.g. */hermes.child.state"
              + " is:exited");
    }
    KeyPattern pattern = KeyPattern.compile(head.get(0));
    Condition condition = Condition.parse(head.get(1));
    long hold = 0;
    if (options.containsKey("for")) {
      String v = options.get("for");
      try {
        double s = Double.parseDouble(v.endsWith("s") ? v.substring(0, v.length() - 1) : v);
        if (s < 0 || s > 86_400) {
          throw new NumberFormatException();
        }
        hold = (long) (s * 1e9);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("for=" + v + ": use seconds from 0 to 86400, e.g. 30s");
      }
    }
    boolean resolved = true;
    if (options.containsKey("resolved")) {
      String v = options.get("resolved");
      if (!v.equals("on") && !v.equals("off")) {
        throw new IllegalArgumentException("resolved= is on or off");
      }
      resolved = v.equals("on");
    }
    Map<String, Destination> made = new LinkedHashMap<>();
    if (options.containsKey("webhook")) {
      URI url;
      try {
        url = URI.create(options.get("webhook"));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("webhook=" + options.get("webhook") + " is no URL");
      }
      if (!("http".equals(url.getScheme()) || "https".equals(url.getScheme()))
          || url.getHost() == null) {
        throw new IllegalArgumentException("webhook= is an http or https URL");
      }
      String headerName = null;
      Path headerFile = null;
      String spec = "webhook=" + url;
      if (options.containsKey("header")) {
        String h = options.get("header");
        int colon = h.indexOf(':');
        if (colon <= 0 || colon == h.length() - 1) {
          throw new IllegalArgumentException(
              "header= is Name:file, e.g. header=Authorization:/run/secrets/hook-token");
        }
        headerName = h.substring(0, colon);
        headerFile = Words.besides(base, h.substring(colon + 1));
        spec += " header=" + headerName + ":" + headerFile;
      }
      made.put(spec, Destination.webhook(spec, url, headerName, headerFile));
    } else if (options.containsKey("header")) {
      throw new IllegalArgumentException("header= goes with webhook=");
    }
    if (options.containsKey("slack")) {
      Path file = Words.besides(base, options.get("slack"));
      String spec = "slack=" + file;
      made.put(spec, Destination.slack(spec, file));
    }
    if (made.isEmpty()) {
      throw new IllegalArgumentException(
          "rule [" + name + "] sends nowhere; add webhook=<url> or slack=<file>");
    }
    return new Rule(name, line, pattern, condition, hold, resolved, made);
  }
}
