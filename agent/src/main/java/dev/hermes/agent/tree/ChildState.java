package dev.hermes.agent.tree;

/**
 * A child's state as its parent sees it: the values of {@link ChildFields#STATE}.
 *
 * <p>{@code ChildState.of("running") == ChildState.RUNNING}
 */
public enum ChildState {
  /** Spawned; its agent has not joined yet. */
  STARTING("starting"),
  /** Joined and sending updates. */
  RUNNING("running"),
  /** Joined, alive, but silent for longer than the heartbeat allows (hung, stopped). */
  NOT_ANSWERING("not_answering"),
  /** Alive but never joined: not a JVM, or a JVM without the agent. */
  NOT_JOINED("not_joined"),
  /** The process ended. */
  EXITED("exited");

  private final String value;

  ChildState(String value) {
    this.value = value;
  }

  /** The value as stored, e.g. {@code not_answering}. */
  public String value() {
    return value;
  }

  /** The state stored as {@code value}, or null for any other text. */
  public static ChildState of(String value) {
    for (ChildState state : values()) {
      if (state.value.equals(value)) {
        return state;
      }
    }
    return null;
  }
}
