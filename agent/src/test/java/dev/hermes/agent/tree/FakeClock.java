package dev.hermes.agent.tree;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A {@link LinkClock} for tests: sleeping moves it on at once, and it moves on by hand; parking
 * waits a little real time so that the link looks at it again.
 *
 * <p>{@code clock.advanceMillis(1000);} is a second gone.
 */
final class FakeClock implements LinkClock {
  // Not 0: the link takes 0 for "not failing".
  private final AtomicLong now = new AtomicLong(TimeUnit.HOURS.toNanos(1));
  private final AtomicLong parks = new AtomicLong();

  @Override
  public long nanoTime() {
    return now.get();
  }

  @Override
  public void sleep(long millis) throws InterruptedException {
    now.addAndGet(TimeUnit.MILLISECONDS.toNanos(millis));
    Thread.sleep(1);
  }

  @Override
  public void park(Object blocker, long nanos) {
    parks.incrementAndGet();
    LockSupport.parkNanos(blocker, Math.min(nanos, TimeUnit.MILLISECONDS.toNanos(2)));
  }

  /** Waits until the link parks again: it has nothing to send until the clock moves on. */
  void awaitParked() throws InterruptedException {
    long before = parks.get();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (parks.get() == before) {
      assertTrue(System.nanoTime() < deadline, "the link never waited");
      Thread.sleep(1);
    }
  }

  void advanceMillis(long millis) {
    now.addAndGet(TimeUnit.MILLISECONDS.toNanos(millis));
  }
}
