package dev.hermes.agent.tree;

import java.util.HashMap;
import java.util.Map;

/**
 * What the parent knows of one child; guarded by its own monitor (the push path takes only that),
 * and by the registry's lock besides where the registry changes (join, exit, tick, forget): the
 * registry's lock is always taken first.
 */
final class Child {
  String name;
  String prefix;
  final long spawnedNanos;
  String token;
  String session;
  Process process;
  long pid = -1;
  boolean joined;

  /** Joined without a token: by hand, as an orphan, or again after this parent forgot it. */
  boolean byHand;

  /** The process a child joined by hand said it is, when that is a process of this host. */
  ProcessHandle handle;

  ChildState state = ChildState.STARTING;

  /** When it last sent a batch, taken or not. */
  long lastSeenNanos;

  /** The join that made this record, to know the same join sent again. */
  JoinRequest joinRequest;

  /** Whether a batch has come under its current session (then a repeated join is a new child). */
  boolean spoken;

  /** Whether it said it is on this host (no URL, or a loopback one): one wall clock with ours. */
  boolean local;

  /** The number of the last batch taken from it ({@link Update#seq}), or -1. */
  long lastSeq = -1;

  /**
   * For a child on another host: the least delay (our wall clock less its {@code sent}) seen in the
   * current and the previous minute; what is normal for it, given the two clocks' offset.
   */
  long delayFloorMillis = Long.MAX_VALUE;

  long nextDelayFloorMillis = Long.MAX_VALUE;
  long delayFloorSinceNanos;

  long exitedNanos;
  boolean keysCleared;

  /**
   * How it exited ({@link ChildFields#EXIT_CODE}, null when unknown, and its reason), once it has.
   */
  String exitCode;

  String exitReason;

  /** When its state last changed, in epoch milliseconds ({@link ChildFields#SINCE}). */
  long sinceMillis;

  /** Its name's restarts and last exit, taken over from the exited child it replaced. */
  ChildHistory history = new ChildHistory();

  /** Whether {@link ChildFields#CRASH_LOOP} is shown. */
  boolean crashLoopShown;

  /** Its process's sampled resources, or null before the first sample. */
  ChildResources resources;

  /** The refusal shown in its {@link ChildFields#ERROR}, or null. */
  String error;

  /** Every key stored for it, by stored path (the store's own string), with what it costs. */
  final Map<String, Held> held = new HashMap<>();

  /** The sum of {@link #held}'s costs. */
  long heldBytes;

  /** The full push under way or last done: keys of an older one are gone when it ends. */
  int generation;

  /** How many keys, and what they cost, the current full push has named (or set since). */
  int namedCount;

  long namedBytes;

  /** The part of a full push expected next, or -1 when none is under way. */
  int nextPart = -1;

  Child(String name, long spawnedNanos) {
    this.name = name;
    this.prefix = name + "/";
    this.spawnedNanos = spawnedNanos;
  }

  /** Pulled by this parent from its URL ({@code children=}), not spawned nor joined. */
  boolean pulled;

  /** For a pulled child, since when its pulls fail (store time), while they do. */
  long failingSinceNanos;

  /** Whether its {@link #error} says it went silent (cleared when it speaks again). */
  boolean silenceError;

  /** Gone from the registry: its session is unknown from now on. */
  boolean forgotten;

  boolean exited() {
    return state == ChildState.EXITED;
  }

  /** A stored key's cost and the full push that last named it. */
  static final class Held {
    int bytes;
    int generation;

    Held(int bytes, int generation) {
      this.bytes = bytes;
      this.generation = generation;
    }
  }
}
