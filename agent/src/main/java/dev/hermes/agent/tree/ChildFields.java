package dev.hermes.agent.tree;

/**
 * The keys a parent writes about each child, inside the child's namespace and under the reserved
 * prefix {@code hermes.child.} that no child may write: its {@link ChildState state}, pid, exit
 * code, for an orphan that re-joined here the parent it lost, why its last batch was refused, and
 * how many of its keys it withholds. The one home of these names, for the registry that writes them
 * and the endpoint and CLI that read them.
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

  /** The child's exit code, once it exited (when the parent spawned it). */
  public static final String EXIT_CODE = RESERVED + "exit_code";

  /** The URL of the parent an orphan lost before it re-joined here. */
  public static final String ADOPTED_FROM = RESERVED + "adopted_from";

  /**
   * Why the parent refused the child's last batch (over a limit, e.g. the memory budget): one line,
   * there until a batch is taken. Meanwhile the child's keys are the last the parent took.
   */
  public static final String ERROR = RESERVED + "error";

  /**
   * How many of its keys the child withholds from this parent: their paths would be too long here
   * (or they are the parent's own names). Absent when none.
   */
  public static final String WITHHELD = RESERVED + "withheld";

  private ChildFields() {}
}
