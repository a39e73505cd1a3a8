package dev.hermes.agent.tree;

/** What the parent knows of one child; guarded by the registry's lock. */
final class Child {
  final String name;
  final String prefix;
  final long spawnedNanos;
  String token;
  String session;
  Process process;
  long pid = -1;
  boolean joined;
  boolean watchPid;
  State state = State.STARTING;
  long lastSeenNanos;
  long exitedNanos;
  boolean keysCleared;

  Child(String name, long spawnedNanos) {
    this.name = name;
    this.prefix = name + "/";
    this.spawnedNanos = spawnedNanos;
  }

  boolean exited() {
    return state == State.EXITED;
  }

  enum State {
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

    final String value;

    State(String value) {
      this.value = value;
    }
  }
}
