package dev.hermes.agent.cli;

import dev.hermes.agent.support.TextEscaping;
import dev.hermes.agent.tree.ChildFields;
import dev.hermes.agent.tree.ChildState;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Renders a snapshot as an indented tree: a header line per JVM, then its keys, then its children,
 * two spaces deeper each level. A child's header says what its parent says of it, as {@code pm2 ls}
 * would: its state and for how long ({@code running 5m02s}, {@code exited 3s ago (exit code 137,
 * signal 9 (SIGKILL))}), a crash loop, its restarts and how the last one before it ended, its CPU
 * over 10 s and resident memory, then its pid and main class. The keys every JVM has ({@code
 * process.*}, {@code hermes.*}, {@code jvm.*}, {@code os.*}) show only with {@code all}; the
 * parent's {@link ChildFields} are folded into the header.
 *
 * <p>{@code new TreeView(false, terminal.colour).render("http://127.0.0.1:9091", keys, ages)}
 */
final class TreeView {
  private static final List<String> ZERO_CODE = List.of("process.", "hermes.", "jvm.", "os.");
  private static final String BOLD = "\u001b[1m";
  private static final String DIM = "\u001b[2m";
  private static final String GREEN = "\u001b[32m";
  private static final String YELLOW = "\u001b[33m";
  private static final String RED = "\u001b[31m";
  private static final String RESET = "\u001b[0m";

  private final boolean all;
  private final boolean colour;

  TreeView(boolean all, boolean colour) {
    this.all = all;
    this.colour = colour;
  }

  /** The tree of {@code keys} (paths to values, in any order) under the heading {@code root}. */
  String render(String root, Map<String, String> keys) {
    return render(root, keys, Map.of());
  }

  /** The same, with each key's age in seconds, where known, to say how long a state has lasted. */
  String render(String root, Map<String, String> keys, Map<String, Double> ages) {
    Node top = new Node(root);
    for (Map.Entry<String, String> e : keys.entrySet()) {
      String[] segments = e.getKey().split("/");
      Node node = top;
      for (int i = 0; i < segments.length - 1; i++) {
        node = node.children.computeIfAbsent(segments[i], Node::new);
      }
      String key = segments[segments.length - 1];
      node.keys.put(key, e.getValue());
      if (key.equals(ChildFields.SINCE) && ages.containsKey(e.getKey())) {
        node.sinceAge = ages.get(e.getKey());
      }
    }
    StringBuilder out = new StringBuilder();
    render(top, 0, out);
    return out.toString();
  }

  private void render(Node node, int depth, StringBuilder out) {
    String indent = "  ".repeat(depth);
    out.append(indent)
        .append(paint(BOLD, TextEscaping.escape(depth == 0 ? node.name : node.name + "/")));
    if (depth > 0) {
      header(node, out);
    }
    StringBuilder detail = new StringBuilder();
    String pid = node.keys.getOrDefault("process.pid", node.keys.get(ChildFields.PID));
    if (pid != null) {
      detail.append("  pid ").append(TextEscaping.escape(pid));
    }
    String main = node.keys.get("process.main");
    if (main != null) {
      detail.append("  ").append(TextEscaping.escape(main));
    }
    out.append(paint(DIM, detail.toString())).append('\n');
    for (Map.Entry<String, String> e : node.keys.entrySet()) {
      if (shown(e.getKey())) {
        out.append(indent).append("  ").append(TextEscaping.escape(e.getKey())).append(": ");
        out.append(TextEscaping.escape(e.getValue())).append('\n');
      }
    }
    for (Node child : node.children.values()) {
      render(child, depth + 1, out);
    }
  }

  /**
   * A child's state, how long it has been in it, how it exited, why it is not as it should be (its
   * error), a crash loop, its restarts and its resources.
   */
  private void header(Node node, StringBuilder out) {
    String state = node.keys.getOrDefault(ChildFields.STATE, "unknown");
    out.append("  ").append(paint(stateColour(state), TextEscaping.escape(state)));
    boolean exited = ChildState.of(state) == ChildState.EXITED;
    if (node.sinceAge != null) {
      out.append(' ').append(duration(node.sinceAge)).append(exited ? " ago" : "");
    }
    String code = node.keys.get(ChildFields.EXIT_CODE);
    String reason = node.keys.get(ChildFields.EXIT_REASON);
    if (code != null || reason != null) {
      out.append(" (");
      if (code != null) {
        out.append("exit code ").append(TextEscaping.escape(code));
      }
      if (reason != null && !reason.equals("exit " + code)) {
        out.append(code != null ? ", " : "").append(TextEscaping.escape(reason));
      }
      out.append(')');
    }
    String error = node.keys.get(ChildFields.ERROR);
    if (error != null) {
      out.append("  ").append(paint(RED, "error: " + TextEscaping.escape(error)));
    }
    if ("true".equals(node.keys.get(ChildFields.CRASH_LOOP))) {
      out.append("  ").append(paint(RED, "crash loop"));
    }
    String restarts = node.keys.get(ChildFields.RESTARTS);
    if (restarts != null) {
      out.append("  restarts ").append(TextEscaping.escape(restarts));
      String last = node.keys.get(ChildFields.LAST_EXIT_REASON);
      if (last != null) {
        out.append(" (last ").append(TextEscaping.escape(last)).append(')');
      }
    }
    String cpu = node.keys.get(ChildFields.CPU_PERCENT);
    if (cpu != null) {
      out.append("  cpu ").append(TextEscaping.escape(cpu)).append('%');
    }
    String rss = node.keys.get(ChildFields.MEMORY_RSS);
    if (rss != null) {
      out.append("  mem ").append(bytes(rss));
    }
  }

  /** {@code 42s}, {@code 5m02s}, {@code 3h04m}, {@code 2d03h}. */
  static String duration(double seconds) {
    long s = (long) Math.max(0, seconds);
    if (s < 60) {
      return s + "s";
    }
    if (s < 3600) {
      return s / 60 + "m" + two(s % 60) + "s";
    }
    if (s < 86_400) {
      return s / 3600 + "h" + two(s / 60 % 60) + "m";
    }
    return s / 86_400 + "d" + two(s / 3600 % 24) + "h";
  }

  private static String two(long n) {
    return n < 10 ? "0" + n : Long.toString(n);
  }

  /** {@code 812 B}, {@code 512.0 KiB}, {@code 48.1 MiB}, {@code 1.5 GiB}; the text if no number. */
  static String bytes(String value) {
    long n;
    try {
      n = Long.parseLong(value);
    } catch (NumberFormatException e) {
      return TextEscaping.escape(value);
    }
    if (n < 1024) {
      return n + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    double v = n;
    int unit = -1;
    while (v >= 1024 && unit < units.length - 1) {
      v /= 1024;
      unit++;
    }
    return Math.round(v * 10) / 10.0 + " " + units[unit];
  }

  private boolean shown(String key) {
    if (key.startsWith(ChildFields.RESERVED)) {
      return false;
    }
    if (all) {
      return true;
    }
    for (String prefix : ZERO_CODE) {
      if (key.startsWith(prefix)) {
        return false;
      }
    }
    return true;
  }

  private String paint(String code, String text) {
    return colour && !text.isEmpty() ? code + text + RESET : text;
  }

  private static String stateColour(String value) {
    ChildState state = ChildState.of(value);
    if (state == ChildState.RUNNING) {
      return GREEN;
    }
    return state == ChildState.EXITED || state == ChildState.NOT_ANSWERING ? RED : YELLOW;
  }

  private static final class Node {
    final String name;
    Double sinceAge; // seconds since its state last changed, when known
    final Map<String, String> keys = new TreeMap<>();
    final Map<String, Node> children = new TreeMap<>();

    Node(String name) {
      this.name = name;
    }
  }
}
