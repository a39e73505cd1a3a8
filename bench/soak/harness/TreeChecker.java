import java.io.IOException;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Knows what every legitimate key must be at the root and checks it: for the root ({@code soak.}),
 * its child ({@code child/soak.}) and grandchild ({@code child/grandchild/soak.}), the 50 fixed
 * keys {@code soak.k00..k49} with the values {@code SoakNode.value} gives, and {@code soak.tick},
 * which may only grow. Reads {@code /?type=json&prefix=soak.} and {@code ...&prefix=child/}; a key
 * absent from an answer is lost, a wrong value (or a tick gone backwards) altered. Right after, it
 * reads the child's and grandchild's own {@code soak.tick} from their own endpoints (their {@code
 * hermes.url}, which nobody attacks): the difference is how far the root's copy lags behind.
 */
final class TreeChecker {
  static final List<String> MEMBERS = List.of("root", "child", "grandchild");
  static final Map<String, String> PREFIX = Map.of("root", "", "child", "child/", "grandchild", "child/grandchild/");
  private static final double TICK_SECONDS = 0.1;
  private static final Pattern ENTRY =
      Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\":\\{\"value\":\"((?:[^\"\\\\]|\\\\.)*)\",\"age\":([-0-9.eE]+)");

  final Tally checks = new Tally(); // per phase: "window", "after"...
  final Tally answered = new Tally();
  long served; // answers the root sent to the checker
  long keysChecked;
  final Set<String> lost = new TreeSet<>(); // distinct keys ever missing from an answered check
  final Set<String> altered = new TreeSet<>(); // distinct keys ever with a wrong value
  final Map<String, Long> firstTick = new HashMap<>();
  final Map<String, Long> lastTick = new HashMap<>();
  final Map<String, Double> maxLag = new HashMap<>(); // seconds the root's tick was behind
  final Map<String, Double> lastLag = new HashMap<>(); // the same, at the last answered check
  final Tally childStates = new Tally(); // "child running", "grandchild not_answering", ...
  final Tally failures = new Tally();
  final StringBuilder tsv = new StringBuilder(
      "seconds\tphase\tanswered\tlost\taltered\tticks at root\tages at root s\tticks at members\tchild states\n");
  /** Set at the end of the window: a "window" check still in flight then counts as "after". */
  volatile boolean windowOver;
  private final Map<String, Integer> memberPorts = new HashMap<>();
  private final int port;
  private final long startNanos;

  TreeChecker(int port, long startNanos) {
    this.port = port;
    this.startNanos = startNanos;
  }

  /** The fixed value of {@code soak.k<i>} in {@code member}: as SoakNode.value. */
  static String expected(String member, int i) {
    return "soak " + member + " fixed value " + i;
  }

  /**
   * One check; returns the keys lost or altered in it, or null when the root did not answer. A
   * {@code phase} of null checks without counting (waiting for the tree).
   */
  synchronized Set<String> check(int timeoutMs, String phase) {
    boolean record = phase != null;
    Map<String, String[]> keys = new HashMap<>();
    try {
      for (String prefix : List.of("soak.", "child/")) {
        RawHttp.Answer a = RawHttp.get(port, "/?type=json&prefix=" + prefix, timeoutMs);
        served++;
        if (a.status != 200) {
          throw new IOException("status " + a.status);
        }
        parse(a.text(), keys);
      }
    } catch (IOException e) {
      if (record) {
        phase = phase(phase);
        checks.add(phase);
        failures.add(String.valueOf(e.getMessage()).startsWith("status") ? e.getMessage() : RawHttp.kind(e));
        tsv.append(String.format(Locale.ROOT, "%.1f\t%s\tno%n", seconds(), phase));
      }
      return null;
    }
    Map<String, Long> local = localTicks(keys);
    Set<String> bad = new TreeSet<>();
    StringBuilder ticks = new StringBuilder();
    StringBuilder ages = new StringBuilder();
    StringBuilder locals = new StringBuilder();
    for (String member : MEMBERS) {
      String p = PREFIX.get(member);
      for (int i = 0; i < 50; i++) {
        String key = p + String.format("soak.k%02d", i);
        String[] got = keys.get(key);
        if (got == null || !got[0].equals(expected(member, i))) {
          bad.add(key);
          if (record) {
            (got == null ? lost : altered).add(key);
          }
        }
      }
      String key = p + "soak.tick";
      String[] got = keys.get(key);
      long tick = got == null ? -1 : parseLong(got[0]);
      Long before = lastTick.get(member);
      if (got == null || tick < 0 || (record && before != null && tick < before)) {
        bad.add(key);
        if (record) {
          (got == null ? lost : altered).add(key);
        }
      } else if (record) {
        firstTick.putIfAbsent(member, tick);
        lastTick.put(member, tick);
        Long mine = local.get(member);
        if (mine != null) {
          lastLag.put(member, Math.max(0, mine - tick) * TICK_SECONDS);
          maxLag.merge(member, lastLag.get(member), Math::max);
        } else {
          lastLag.remove(member);
        }
      }
      ticks.append(' ').append(tick);
      ages.append(' ').append(got == null ? "-" : got[1]);
      locals.append(' ').append(local.getOrDefault(member, -1L));
    }
    StringBuilder states = new StringBuilder();
    for (String member : List.of("child", "grandchild")) {
      String[] state = keys.get(PREFIX.get(member) + "hermes.child.state");
      String s = state == null ? "absent" : state[0];
      states.append(' ').append(s);
      if (record) {
        childStates.add(member + " " + s);
      }
    }
    if (record) {
      phase = phase(phase);
      checks.add(phase);
      answered.add(phase);
      keysChecked += MEMBERS.size() * 51L;
      int lostNow = 0;
      for (String k : bad) {
        lostNow += keys.containsKey(k) ? 0 : 1;
      }
      tsv.append(String.format(Locale.ROOT, "%.1f\t%s\tyes\t%d\t%d\t%s\t%s\t%s\t%s%n", seconds(), phase, lostNow,
          bad.size() - lostNow, ticks.toString().trim(), ages.toString().trim(), locals.toString().trim(),
          states.toString().trim()));
    }
    return bad;
  }

  /** Whether, at the last answered check, the root was at most {@code seconds} behind every member. */
  synchronized boolean caughtUp(double seconds) {
    for (String member : MEMBERS) {
      if (lastLag.getOrDefault(member, Double.MAX_VALUE) > seconds) {
        return false;
      }
    }
    return true;
  }

  /** The phase a check counts in once it has ended: see {@link #windowOver}. */
  private String phase(String started) {
    return windowOver && started.equals("window") ? "after" : started;
  }

  /** Each member's own soak.tick, read from its own endpoint (the root's is the root's answer). */
  private Map<String, Long> localTicks(Map<String, String[]> atRoot) {
    Map<String, Long> local = new HashMap<>();
    String[] rootTick = atRoot.get("soak.tick");
    if (rootTick != null) {
      local.put("root", parseLong(rootTick[0])); // the root's copy is its own: never behind
    }
    for (String member : List.of("child", "grandchild")) {
      String[] url = atRoot.get(PREFIX.get(member) + "hermes.url");
      if (url != null) {
        memberPorts.putIfAbsent(member, URI.create(url[0]).getPort());
      }
      Integer memberPort = memberPorts.get(member);
      if (memberPort == null) {
        continue;
      }
      try {
        Map<String, String[]> own = new HashMap<>();
        parse(RawHttp.get(memberPort, "/?type=json&prefix=soak.tick", 2000).text(), own);
        if (own.containsKey("soak.tick")) {
          local.put(member, parseLong(own.get("soak.tick")[0]));
        }
      } catch (IOException e) {
        // no figure this time
      }
    }
    return local;
  }

  private static void parse(String json, Map<String, String[]> into) {
    Matcher m = ENTRY.matcher(json);
    while (m.find()) {
      into.put(m.group(1), new String[] {m.group(2), m.group(3)});
    }
  }

  private static long parseLong(String s) {
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      return -2;
    }
  }

  private double seconds() {
    return (System.nanoTime() - startNanos) / 1e9;
  }
}
