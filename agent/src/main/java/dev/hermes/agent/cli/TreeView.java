package dev.hermes.agent.cli;

import dev.hermes.agent.support.TextEscaping;
import dev.hermes.agent.tree.ChildFields;
import dev.hermes.agent.tree.ChildState;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Renders a snapshot as an indented tree: a header line per JVM (name, the parent's view of it,
 * pid, main class), then its keys, then its children, two spaces deeper each level. The keys every
 * JVM has ({@code process.*}, {@code hermes.*}, {@code jvm.*}, {@code os.*}) show only with {@code
 * all}; the parent's {@link ChildFields} are folded into the header.
 *
 * <p>{@code new TreeView(false, terminal.colour).render("http://127.0.0.1:9091", keys)}
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
    Node top = new Node(root);
    for (Map.Entry<String, String> e : keys.entrySet()) {
      String[] segments = e.getKey().split("/");
      Node node = top;
      for (int i = 0; i < segments.length - 1; i++) {
        node = node.children.computeIfAbsent(segments[i], Node::new);
      }
      node.keys.put(segments[segments.length - 1], e.getValue());
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
      String state = node.keys.getOrDefault(ChildFields.STATE, "unknown");
      out.append("  ").append(paint(stateColour(state), TextEscaping.escape(state)));
      String exit = node.keys.get(ChildFields.EXIT_CODE);
      if (exit != null) {
        out.append(" (exit code ").append(TextEscaping.escape(exit)).append(')');
      }
    }
    String pid = node.keys.getOrDefault("process.pid", node.keys.get(ChildFields.PID));
    StringBuilder detail = new StringBuilder();
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
    final Map<String, String> keys = new TreeMap<>();
    final Map<String, Node> children = new TreeMap<>();

    Node(String name) {
      this.name = name;
    }
  }
}
