package dev.hermes.agent.tree;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A parent for {@link ParentLinkTest}: answers joins with its name and {@code session-<name>},
 * keeps the requests it got, and fails them as the test queues failures.
 *
 * <p>{@code parent.updateFailures.add(new IOException("reset")); parent.next();}
 */
final class FakeParent implements ParentClient {
  final List<JoinRequest> joins = new CopyOnWriteArrayList<>();
  final List<Long> joinedAt = new CopyOnWriteArrayList<>();
  final List<String> sessions = new CopyOnWriteArrayList<>();
  final List<Integer> timeouts = new CopyOnWriteArrayList<>();
  final List<Integer> sizes = new CopyOnWriteArrayList<>();
  final Queue<IOException> joinFailures = new ConcurrentLinkedQueue<>();
  final Queue<IOException> updateFailures = new ConcurrentLinkedQueue<>();
  final BlockingQueue<Update> updates = new LinkedBlockingQueue<>();
  volatile long firstRefusedAt;
  private final String name;
  private final FakeClock clock;
  private volatile boolean refusing;
  private volatile CountDownLatch held;
  private final CountDownLatch released = new CountDownLatch(1);

  FakeParent(String name, FakeClock clock) {
    this.name = name;
    this.clock = clock;
  }

  @Override
  public JoinAnswer join(JoinRequest request) throws IOException {
    joins.add(request);
    joinedAt.add(clock.nanoTime());
    IOException failure = joinFailures.poll();
    if (failure != null) {
      throw failure;
    }
    // A parent joined again gives a new session: session-w1, then session-w1-2...
    int n = joins.size();
    return new JoinAnswer(name, "session-" + name + (n == 1 ? "" : "-" + n));
  }

  @Override
  public void update(String session, byte[] body, int timeoutMillis) throws IOException {
    if (refusing) {
      if (firstRefusedAt == 0) {
        firstRefusedAt = clock.nanoTime();
      }
      throw new ConnectException("Connection refused");
    }
    IOException failure = updateFailures.poll();
    if (failure != null) {
      throw failure;
    }
    sessions.add(session);
    timeouts.add(timeoutMillis);
    sizes.add(body.length);
    Update update;
    try {
      update = TreeCodec.parseUpdate(body);
    } catch (TreeException e) {
      throw new UncheckedIOException(new IOException(e.getMessage()));
    }
    // Whether to hold is read before the test can see this update and ask to hold the next.
    CountDownLatch hold = held;
    held = null;
    updates.add(update);
    if (hold != null) {
      hold.countDown();
      try {
        released.await(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** The next batch it took, within 5 s. */
  Update next() throws InterruptedException {
    Update update = updates.poll(5, TimeUnit.SECONDS);
    assertNotNull(update, "no update within 5 s");
    return update;
  }

  /** Makes the next update wait, once taken, until {@link #release}. */
  void holdNextUpdate() {
    held = new CountDownLatch(1);
  }

  /** Waits until an update is being held. */
  void awaitHeld() throws InterruptedException {
    CountDownLatch hold = held;
    assertTrue(hold == null || hold.await(5, TimeUnit.SECONDS), "no update came to be held");
  }

  void release() {
    released.countDown();
  }

  /** From now on, every update fails as a dead parent's would: connection refused. */
  void refuseConnections() {
    refusing = true;
  }

  void acceptConnections() {
    refusing = false;
  }
}
