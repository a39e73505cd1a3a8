package dev.hermes.agent.tree;

/**
 * How late this parent is taking its children's batches: the most any batch was late in the last
 * few seconds, and how late the registry's own tick ran. A child is judged silent only beyond this
 * lag, so a parent slowed by its own load (a burst of pushes, a GC pause, a starved CPU) never
 * blames its children for its own lateness. Thread-safe.
 *
 * <p>A batch's lateness is the time from when the child sent it (the {@code "sent"} it carries, by
 * the child's wall clock) to when the parent takes it, less what is normal for that child: nothing
 * for a child on this host (one clock), the least delay seen from it lately for one on another host
 * (whose clock may differ; see {@link Child#delayFloorMillis}).
 *
 * <p>{@code lag.sample(lateNanos, now); long allowance = lag.current(now);}
 */
final class ParentLag {
  /** How long a lateness counts: a window of two halves, the older half dropped as time goes. */
  static final long HALF_WINDOW_NANOS = 2_000_000_000L;

  /** The most lag ever allowed for: past it a silent child is flagged however late the parent. */
  static final long MAX_NANOS = 30_000_000_000L;

  private long halfStart = Long.MIN_VALUE;
  private long current;
  private long previous;

  /** Counts a batch, or a tick, that was {@code lateNanos} late at {@code now}. */
  synchronized void sample(long lateNanos, long now) {
    roll(now);
    if (lateNanos > current) {
      current = Math.min(lateNanos, MAX_NANOS);
    }
  }

  /** The most lateness seen in the last two to four seconds, as of {@code now}. */
  synchronized long current(long now) {
    roll(now);
    return Math.max(current, previous);
  }

  private void roll(long now) {
    if (halfStart == Long.MIN_VALUE) {
      halfStart = now;
      return;
    }
    long halves = (now - halfStart) / HALF_WINDOW_NANOS;
    if (halves <= 0) {
      return;
    }
    previous = halves == 1 ? current : 0;
    current = 0;
    halfStart += halves * HALF_WINDOW_NANOS;
  }
}
