package dev.hermes.agent.tree;

import java.util.List;
import java.util.Map;

/**
 * A batch from a child: keys set (value, age and ttl in nanoseconds), keys removed, and whether it
 * is (a part of) the child's full state, so that keys it does not list are gone once the last part
 * has come; with how many of its keys the child withholds from this parent, when it says.
 */
public final class Update {
  final boolean full;
  final int part;
  final boolean last;
  final Map<String, Entry> set;
  final List<String> removed;
  final int withheld;

  /** When the child sent it, by the child's wall clock in epoch milliseconds; -1 when not said. */
  final long sentMillis;

  /**
   * Its place among the child's batches (1, 2, ...: each body sent counts, retries included); -1
   * when not said. A parent refuses a batch older than one it has taken from the child.
   */
  final long seq;

  /** A batch; {@code full} replaces everything the child had, in one part. */
  public Update(boolean full, Map<String, Entry> set, List<String> removed) {
    this(full, 0, true, set, removed, -1);
  }

  /**
   * Part {@code part} of a full push ({@code last} when it is the last), or a delta when {@code
   * full} is false (part 0, last); {@code withheld} is -1 when the child does not say.
   */
  Update(
      boolean full,
      int part,
      boolean last,
      Map<String, Entry> set,
      List<String> removed,
      int withheld) {
    this(full, part, last, set, removed, withheld, -1, -1);
  }

  /** As above, with when the child sent it and its place among its batches (-1 when not said). */
  Update(
      boolean full,
      int part,
      boolean last,
      Map<String, Entry> set,
      List<String> removed,
      int withheld,
      long sentMillis,
      long seq) {
    this.sentMillis = sentMillis;
    this.seq = seq;
    this.full = full;
    this.part = part;
    this.last = last;
    this.set = set;
    this.removed = removed;
    this.withheld = withheld;
  }

  /** One key's value with its age and ttl (0 for none), in nanoseconds. */
  public static final class Entry {
    final String value;
    final long ageNanos;
    final long ttlNanos;

    /** An entry as sent. */
    public Entry(String value, long ageNanos, long ttlNanos) {
      this.value = value;
      this.ageNanos = ageNanos;
      this.ttlNanos = ttlNanos;
    }

    /** The value. */
    public String value() {
      return value;
    }

    /** The age as sent, in nanoseconds. */
    public long ageNanos() {
      return ageNanos;
    }

    /** The ttl as sent, in nanoseconds; 0 for none. */
    public long ttlNanos() {
      return ttlNanos;
    }

    /** Whether it is already expired as sent: a parent stores nothing for it. */
    boolean expired() {
      return ttlNanos != 0 && ageNanos >= ttlNanos;
    }
  }
}
