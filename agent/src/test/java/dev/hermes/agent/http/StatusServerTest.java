package dev.hermes.agent.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hermes.agent.server.ServerProperties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The server's workers: one per connection at most (1,024 in all), and never the dispatcher's
 * thread.
 */
class StatusServerTest {
  @Test
  void thereIsAWorkerForEveryConnectionTheServerKeepsUpTo1024() {
    assertEquals(Math.min(ServerProperties.MAX_CONNECTIONS, 1024), StatusServer.MAX_WORKERS);
  }

  // Regression (issue 10, finding 8): with every worker busy the dispatcher ran the request
  // itself (CallerRunsPolicy), so one slow client stopped it serving anyone else.
  @Test
  void withEveryWorkerBusyARequestIsRefusedNotRunByTheCaller() throws Exception {
    ThreadPoolExecutor workers = StatusServer.workers(2);
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch busy = new CountDownLatch(2);
    try {
      for (int i = 0; i < 2; i++) {
        workers.execute(
            () -> {
              busy.countDown();
              try {
                release.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
      }
      assertTrue(busy.await(5, TimeUnit.SECONDS));
      AtomicBoolean ranHere = new AtomicBoolean();
      Thread caller = Thread.currentThread();
      assertThrows(
          RejectedExecutionException.class,
          () -> workers.execute(() -> ranHere.set(Thread.currentThread() == caller)));
      assertFalse(ranHere.get(), "the dispatcher must never run a request itself");
    } finally {
      release.countDown();
      workers.shutdownNow();
    }
  }

  @Test
  void workersAreNumberedDaemons() throws Exception {
    ThreadPoolExecutor workers = StatusServer.workers(4);
    try {
      String[] seen = new String[1];
      CountDownLatch done = new CountDownLatch(1);
      workers.execute(
          () -> {
            Thread t = Thread.currentThread();
            seen[0] = t.getName() + (t.isDaemon() ? " daemon" : "");
            done.countDown();
          });
      assertTrue(done.await(5, TimeUnit.SECONDS));
      assertTrue(seen[0].matches("hermes-http-\\d+ daemon"), seen[0]);
    } finally {
      workers.shutdownNow();
    }
  }
}
