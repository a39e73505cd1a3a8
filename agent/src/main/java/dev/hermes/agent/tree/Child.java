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

  /** Joined without a token: by hand, or as an orphan. */
  boolean byHand;

  /** The process a child joined by hand said it is, when that is a process of this host. */
  ProcessHandle handle;

  ChildState state = ChildState.STARTING;

  /** When it last sent a batch the parent took. */
  long lastSeenNanos;

  long exitedNanos;
  boolean keysCleared;

  Child(String name, long spawnedNanos) {
    this.name = name;
    this.prefix = name + "/";
    this.spawnedNanos = spawnedNanos;
  }

  boolean exited() {
    return state == ChildState.EXITED;
  }
}
