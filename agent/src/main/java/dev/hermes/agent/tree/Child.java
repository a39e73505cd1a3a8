package dev.hermes.agent.tree;

import java.util.HashMap;
import java.util.Map;

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

  /** When it last sent a batch, taken or not. */
  long lastSeenNanos;

  long exitedNanos;
  boolean keysCleared;

  /** The refusal shown in its {@link ChildFields#ERROR}, or null. */
  String error;

  /** Every key stored for it, by stored path (the store's own string), with what it costs. */
  final Map<String, Held> held = new HashMap<>();

  /** The sum of {@link #held}'s costs. */
  long heldBytes;

  Child(String name, long spawnedNanos) {
    this.name = name;
    this.prefix = name + "/";
    this.spawnedNanos = spawnedNanos;
  }

  boolean exited() {
    return state == ChildState.EXITED;
  }

  /** A stored key's cost. */
  static final class Held {
    int bytes;

    Held(int bytes) {
      this.bytes = bytes;
    }
  }
}
