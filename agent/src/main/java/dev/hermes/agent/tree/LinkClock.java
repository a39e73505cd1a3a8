package dev.hermes.agent.tree;

import java.util.concurrent.locks.LockSupport;

/**
 * The time the push link keeps: the system's, or in a test one that need not wait.
 *
 * <p>{@code clock.park(link, untilHeartbeat);} returns early when the link's thread is unparked.
 */
interface LinkClock {
  /** The system's: {@link System#nanoTime()}, {@link Thread#sleep} and {@link LockSupport}. */
  LinkClock SYSTEM = new SystemClock();

  /** A monotonic reading, as {@link System#nanoTime()}. */
  long nanoTime();

  /** The wall clock in epoch milliseconds, as {@link System#currentTimeMillis()}. */
  default long wallMillis() {
    return System.currentTimeMillis();
  }

  /** Waits {@code millis}, as {@link Thread#sleep(long)}. */
  void sleep(long millis) throws InterruptedException;

  /** Waits at most {@code nanos}, less if the calling thread is unparked. */
  void park(Object blocker, long nanos);

  /** The system's clock. */
  final class SystemClock implements LinkClock {
    private SystemClock() {}

    @Override
    public long nanoTime() {
      return System.nanoTime();
    }

    @Override
    public void sleep(long millis) throws InterruptedException {
      Thread.sleep(millis);
    }

    @Override
    public void park(Object blocker, long nanos) {
      LockSupport.parkNanos(blocker, nanos);
    }
  }
}
