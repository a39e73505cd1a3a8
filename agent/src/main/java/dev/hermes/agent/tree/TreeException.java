package dev.hermes.agent.tree;

/**
 * A refused join or update: why, as a {@link Reason}, and the one-line message to answer with. What
 * a refusal means on the wire (its HTTP status) is for the endpoint to say.
 *
 * <p>{@code catch (TreeException e) { if (e.reason() == Reason.UNKNOWN_SESSION) ... }}
 */
public final class TreeException extends Exception {
  private static final long serialVersionUID = 1L;
  private final Reason reason;

  TreeException(Reason reason, String message) {
    super(message, null, false, false);
    this.reason = reason;
  }

  /** Why the join or update was refused. */
  public Reason reason() {
    return reason;
  }

  /** Why a join or update was refused. */
  public enum Reason {
    /** A join with a token this parent never gave, or gave and saw used. */
    UNKNOWN_TOKEN,
    /** An update with a session this parent does not know (never joined, or exited). */
    UNKNOWN_SESSION,
    /** A body that is not the JSON of a join or an update. */
    MALFORMED,
    /** A key outside the rule or reserved for the parent, or a value too long. */
    INVALID,
    /** A batch that would give the child more keys than {@link ChildRegistry} keeps for one. */
    TOO_MANY_KEYS,
    /** A batch that would grow the child past its share of the memory budget for children. */
    OVER_BUDGET,
    /** A join without a token while the most such children the parent keeps are living. */
    TOO_MANY_CHILDREN,
    /**
     * A batch numbered at or below one already taken from the child: sent before it, delivered
     * after it (the child gave up waiting and sent again), so it would undo newer values.
     */
    STALE
  }
}
