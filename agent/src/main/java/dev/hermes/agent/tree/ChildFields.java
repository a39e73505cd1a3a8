package dev.hermes.agent.tree;

/**
 * The keys a parent writes about each child, inside the child's namespace and under the reserved
 * prefix {@code hermes.child.} that no child may write: its {@link ChildState state} and since
 * when, pid, how it exited, its restarts and the last exit kept across them, a crash loop, the CPU
 * and memory of its process, for an orphan that re-joined here the parent it lost, why its last
 * batch was refused, and how many of its keys it withholds. The one home of these names, for the
 * registry that writes them and the endpoint and CLI that read them.
 *
 * <p>{@code store.get("worker1/" + ChildFields.STATE)} is worker1's state as its parent sees it.
 */
public final class ChildFields {
  /** The reserved prefix, inside a child's namespace, of what the parent says about it. */
  public static final String RESERVED = "hermes.child.";

  /** The child's {@link ChildState}, e.g. {@code worker1/hermes.child.state: running}. */
  public static final String STATE = RESERVED + "state";

  /** The child's process id. */
  public static final String PID = RESERVED + "pid";

  /**
   * When its state last changed, ISO-8601 UTC to the millisecond ({@code
   * 2026-12-02T05:01:02.345Z}): "running since", "exited at", "not answering since".
   */
  public static final String SINCE = RESERVED + "since";

  /** The child's exit code, once it exited (when the parent spawned it). */
  public static final String EXIT_CODE = RESERVED + "exit_code";

  /**
   * How its process ended, once it exited: {@code exit 3}, {@code signal 9 (SIGKILL)} (an exit code
   * above 128 on Unix, as the JDK reports a killed process), or {@code unknown} (a process this
   * parent did not start).
   */
  public static final String EXIT_REASON = RESERVED + "exit_reason";

  /**
   * How many times a child of this name was started again here after one exited, while the exited
   * one's record was still kept: {@code 0} for a first start.
   */
  public static final String RESTARTS = RESERVED + "restarts";

  /** The exit code of the previous child of this name, kept across restarts (when known). */
  public static final String LAST_EXIT_CODE = RESERVED + "last_exit_code";

  /** How the previous child of this name ended, as {@link #EXIT_REASON} says it. */
  public static final String LAST_EXIT_REASON = RESERVED + "last_exit_reason";

  /** When the previous child of this name exited, ISO-8601 UTC. */
  public static final String LAST_EXIT_TIME = RESERVED + "last_exit_time";

  /**
   * {@code true} while the last {@value ChildHistory#CRASH_LOOP_RESTARTS} restarts of this name
   * fell within the last {@value ChildHistory#CRASH_LOOP_SECONDS} seconds, each after a failed exit
   * (the rule: {@link ChildHistory}); absent otherwise.
   */
  public static final String CRASH_LOOP = RESERVED + "crash_loop";

  /** CPU time its process has used, in seconds (three decimals), as the parent last sampled it. */
  public static final String CPU_SECONDS = RESERVED + "cpu.seconds";

  /**
   * Its process's CPU use over the last {@value ChildResources#WINDOW_SECONDS} seconds, as a
   * percentage of all this host's processors (the same measure as {@code process.cpu.percent_1m});
   * absent until sampled over that long.
   */
  public static final String CPU_PERCENT = RESERVED + "cpu.percent_10s";

  /** Its process's resident memory, in bytes (Linux only). */
  public static final String MEMORY_RSS = RESERVED + "memory.rss_bytes";

  /** The URL of the parent an orphan lost before it re-joined here. */
  public static final String ADOPTED_FROM = RESERVED + "adopted_from";

  /**
   * Why the child is not as it should be, in a few words, there until it is again: the parent
   * refused its last batch (over a limit, e.g. the memory budget; meanwhile its keys are the last
   * the parent took), a pushed child went silent ({@code no push for 3 s}), or pulling a pulled
   * child failed ({@code connection refused}, {@code timeout after 2 s}, {@code HTTP 403}, {@code
   * not JSON: ...}, {@code answer too large: ...}).
   */
  public static final String ERROR = RESERVED + "error";

  /**
   * How many of its keys the child withholds from this parent: their paths would be too long here
   * (or they are the parent's own names). Absent when none.
   */
  public static final String WITHHELD = RESERVED + "withheld";

  /**
   * How many keys of a pulled child's last answer were stored under another name to meet the key
   * rule (docs/protocol.md: each character other than a letter, digit, '_' or '.' became '_').
   * Absent when none.
   */
  public static final String RENAMED = RESERVED + "renamed";

  /**
   * How many keys of a pulled child's last answer were not stored: still not keys once renamed (too
   * long, the parent's own), the same as another once renamed, or without a value. Absent when
   * none.
   */
  public static final String SKIPPED = RESERVED + "skipped";

  private ChildFields() {}
}
