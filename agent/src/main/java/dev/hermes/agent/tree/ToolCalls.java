package dev.hermes.agent.tree;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The rule that keeps an app's tool calls out of the tree. A process the app starts that Hermes did
 * not give the agent directly (not a {@code java} launcher: {@code getconf}, {@code setsid true},
 * {@code sh -c ...}; or {@code java -version}) is held back for {@value #WINDOW_MILLIS} ms before
 * it shows: if within that time it exits with code 0 without having joined, it was a tool the app
 * ran, not a child an operator supervises, and it never shows at all; the parent counts such runs
 * in {@value #RUNS_KEY}. It shows, as every child does, as soon as it joins (a script whose JVM
 * joined), exits otherwise (a failure is worth seeing), or outlives the window (a long-running
 * non-JVM child: {@code starting}, then {@code not_joined}).
 *
 * <p>Guarded by the registry's lock. {@code String token = tools.hold(name, now)}; then {@code
 * tools.take(token)} when it shows, or {@code tools.ranAsTool(...)} when it was a tool.
 */
final class ToolCalls {
  /**
   * How long a process that did not get the agent directly is held back: until a child that has not
   * joined would be said {@code not_joined}. A tool's time, with room for a loaded host (1 s proved
   * too short for {@code setsid true} on two busy cores).
   */
  static final long WINDOW_NANOS = ChildRegistry.NOT_JOINED_NANOS;

  static final long WINDOW_MILLIS = WINDOW_NANOS / 1_000_000L;

  /** The parent's own key: how many tool calls it kept out of the tree (absent while none). */
  static final String RUNS_KEY = "hermes.tool_runs";

  private final Map<String, Held> byToken = new HashMap<>();
  private long runs;

  /** A process held back: the name it would take, and when it was spawned. */
  static final class Held {
    final String name;
    final String token;
    final long spawnedNanos;
    Process process;

    Held(String name, String token, long spawnedNanos) {
      this.name = name;
      this.token = token;
      this.spawnedNanos = spawnedNanos;
    }
  }

  /** Holds back the process about to be spawned as {@code name}, with its one-time token. */
  void hold(String name, String token, long now) {
    byToken.put(token, new Held(name, token, now));
  }

  /** The held process of {@code token}, or null when there is none (it shows, or never was). */
  Held get(String token) {
    return token == null ? null : byToken.get(token);
  }

  /** Stops holding {@code token}'s process back (it shows now); returns it, or null. */
  Held take(String token) {
    return token == null ? null : byToken.remove(token);
  }

  /**
   * Whether the held process that exited with {@code exitCode} at {@code now} was a tool call: it
   * never joined (it is still held), exited 0, within the window.
   */
  static boolean isTool(Held held, int exitCode, long now) {
    return exitCode == 0 && now - held.spawnedNanos <= WINDOW_NANOS;
  }

  /** Counts one more tool call; returns the count. */
  long ranAsTool() {
    return ++runs;
  }

  /** Takes the held processes whose window has passed at {@code now}: they show now. */
  List<Held> due(long now) {
    if (byToken.isEmpty()) {
      return List.of();
    }
    List<Held> due = new ArrayList<>();
    for (Iterator<Held> it = byToken.values().iterator(); it.hasNext(); ) {
      Held held = it.next();
      if (now - held.spawnedNanos > WINDOW_NANOS) {
        it.remove();
        due.add(held);
      }
    }
    return due;
  }
}
