package dev.hermes.agent.tree;

/**
 * The memory a parent lets its children's keys take, in bytes, with each child's share of it. A key
 * costs {@link #cost}: two bytes a character of its path and value (what a string of UTF-16
 * characters takes; Latin-1 text takes half, so the estimate errs on the safe side) and {@link
 * #ENTRY_BYTES} for the objects around them. No child may hold more than {@link #share}: the budget
 * over the number of living children plus one (so a newcomer always finds room), and never less
 * than {@link #FLOOR} (or the whole budget, when that is smaller). A batch that would grow a child
 * past its share, or all children past the budget, is refused; one that keeps or shrinks what a
 * child holds is always taken. Thread-safe: children's batches are applied side by side.
 *
 * <p>{@code if (budget.held + grows > budget.total) refuse();}
 */
final class ChildBudget {
  /**
   * Bytes a stored key takes beyond its characters: the store's skip-list node and index share, the
   * {@code Status}, the two {@code String}s and their arrays' headers, and this registry's own
   * record of the key (a hash-map node and its charge). Measured on JDK 17 and 25 with compressed
   * oops, G1 and Serial: 100,000 keys of one child took 190 to 240 bytes each beyond their
   * characters; rounded up.
   */
  static final int ENTRY_BYTES = 256;

  /** The least share of a child, so that many children still each hold a useful few keys. */
  static final long FLOOR = 256 * 1024;

  /** The budget, in bytes. */
  final long total;

  /** What every child holds now, by {@link #cost}. */
  private long held;

  ChildBudget(long total) {
    this.total = total;
  }

  /** What every child holds now. */
  synchronized long held() {
    return held;
  }

  /** Counts {@code delta} more (or less) held. */
  synchronized void add(long delta) {
    held += delta;
  }

  /**
   * Counts {@code grow} more held if it fits in the budget, atomically, so that children growing at
   * once cannot pass it together.
   */
  synchronized boolean tryGrow(long grow) {
    if (held + grow > total) {
      return false;
    }
    held += grow;
    return true;
  }

  /** What the key {@code path} with {@code value} costs to hold. */
  static int cost(String path, String value) {
    return 2 * (path.length() + value.length()) + ENTRY_BYTES;
  }

  /** The most one child may hold while {@code living} children (itself included) are joined. */
  long share(int living) {
    return Math.max(total / (living + 1), Math.min(total, FLOOR));
  }

  /**
   * {@code bytes} in the unit an operator reads: {@code 4.6 MiB}, {@code 512 KiB}, {@code 80 B}.
   */
  static String format(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    double kib = bytes / 1024.0;
    if (kib < 1024) {
      return oneDecimal(kib) + " KiB";
    }
    double mib = kib / 1024;
    return mib < 1024 ? oneDecimal(mib) + " MiB" : oneDecimal(mib / 1024) + " GiB";
  }

  private static String oneDecimal(double value) {
    long tenths = Math.round(value * 10);
    return tenths % 10 == 0 ? Long.toString(tenths / 10) : tenths / 10 + "." + tenths % 10;
  }
}
