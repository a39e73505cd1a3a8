package dev.hermes.agent.pull;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.sun.net.httpserver.HttpServer;
import dev.hermes.agent.config.AgentArgs;
import dev.hermes.agent.tree.ChildRegistry;
import dev.hermes.api.StatusStore;
import dev.hermes.api.TestStores;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * The pulling threads are made when needed, at most {@link Puller#THREADS}: children that answer
 * quickly share one, a hung child holds one for a timeout at most and the others go on, and an idle
 * thread ends.
 */
class PullThreadsTest {
  private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

  private static final ThreadFactory DAEMONS =
      r -> {
        Thread t = new Thread(r, "pull-threads-test");
        t.setDaemon(true);
        return t;
      };

  private static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + 30 * SECOND;
    while (System.nanoTime() < deadline) {
      if (condition.getAsBoolean()) {
        return;
      }
      Thread.sleep(10);
    }
    fail("not reached: " + what);
  }

  @Test
  void tasksOneAfterAnotherShareOneThread() throws Exception {
    Puller.Runs runs = new Puller.Runs(DAEMONS, 30 * SECOND);
    try {
      AtomicInteger done = new AtomicInteger();
      for (int i = 1; i <= 20; i++) {
        runs.submit(done::incrementAndGet);
        int expected = i;
        // Back to waiting, as a pull's thread is long before its child's next pull is due.
        await(() -> done.get() == expected && runs.waiting() == 1, "task " + expected + " run");
      }
      assertEquals(1, runs.threads());
    } finally {
      runs.shutdown();
    }
  }

  @Test
  void atMostThreadsBusyTheRestWaitInOrderForTheFirstToFree() throws Exception {
    Puller.Runs runs = new Puller.Runs(DAEMONS, 30 * SECOND);
    int tasks = Puller.THREADS + 2;
    List<CountDownLatch> release = new ArrayList<>();
    AtomicInteger started = new AtomicInteger();
    List<Integer> order = new CopyOnWriteArrayList<>();
    try {
      for (int i = 0; i < tasks; i++) {
        int n = i;
        CountDownLatch mine = new CountDownLatch(1);
        release.add(mine);
        runs.submit(
            () -> {
              order.add(n);
              started.incrementAndGet();
              try {
                mine.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
      }
      await(() -> started.get() == Puller.THREADS, Puller.THREADS + " tasks started");
      Thread.sleep(200);
      assertEquals(Puller.THREADS, started.get(), "no more than THREADS run at once");
      assertEquals(Puller.THREADS, runs.threads());
      // The first to free takes the first waiting.
      release.get(0).countDown();
      await(() -> started.get() == Puller.THREADS + 1, "a waiting task runs");
      assertEquals(Puller.THREADS, (int) order.get(Puller.THREADS));
      release.get(1).countDown();
      await(() -> started.get() == tasks, "the other waiting task runs");
      assertEquals(Puller.THREADS + 1, (int) order.get(Puller.THREADS + 1));
      assertEquals(Puller.THREADS, runs.threads());
    } finally {
      for (CountDownLatch l : release) {
        l.countDown();
      }
      runs.shutdown();
    }
  }

  @Test
  void anIdleThreadEnds() throws Exception {
    Puller.Runs runs = new Puller.Runs(DAEMONS, TimeUnit.MILLISECONDS.toNanos(100));
    try {
      AtomicInteger done = new AtomicInteger();
      runs.submit(done::incrementAndGet);
      runs.submit(done::incrementAndGet);
      await(() -> done.get() == 2 && runs.threads() == 0, "the idle threads ended");
      runs.submit(done::incrementAndGet);
      await(() -> done.get() == 3, "a task after they ended runs on a new thread");
    } finally {
      runs.shutdown();
    }
  }

  @Test
  void childrenThatAnswerQuicklyShareOneThreadAndHungOnesDoNotStallThem() throws Exception {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    AtomicInteger answered = new AtomicInteger();
    server.createContext(
        "/seed",
        ex -> {
          byte[] body =
              ("{\"n\": {\"value\": \"" + answered.incrementAndGet() + "\"}}")
                  .getBytes(StandardCharsets.UTF_8);
          ex.sendResponseHeaders(200, body.length);
          try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
    // Takes connections and never answers.
    ServerSocket hung = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    List<Socket> held = new CopyOnWriteArrayList<>();
    Thread acceptor =
        new Thread(
            () -> {
              try {
                while (true) {
                  held.add(hung.accept());
                }
              } catch (Exception closed) {
                // the test is over
              }
            });
    acceptor.setDaemon(true);
    acceptor.start();
    String quick = "http://127.0.0.1:" + server.getAddress().getPort() + "/seed";
    String stuck = "http://127.0.0.1:" + hung.getLocalPort() + "/";
    StatusStore store = TestStores.fresh();
    ChildRegistry registry = new ChildRegistry(store, Duration.ofSeconds(10));
    Puller one =
        Puller.start(AgentArgs.parse("pullInterval=0.5,children=a=" + quick, Map.of()), registry);
    try {
      await(() -> answered.get() >= 4, "four pulls of one child");
      assertEquals(1, one.threads(), "one child, one pull at a time: one thread");
    } finally {
      one.stop();
    }

    List<String> children = new ArrayList<>();
    for (int i = 0; i < Puller.THREADS + 2; i++) {
      children.add("h" + i + "=" + stuck);
    }
    children.add("q=" + quick);
    StatusStore store2 = TestStores.fresh();
    ChildRegistry registry2 = new ChildRegistry(store2, Duration.ofSeconds(10));
    Puller many =
        Puller.start(
            AgentArgs.parse("pullInterval=0.5,children=" + String.join("|", children), Map.of()),
            registry2);
    try {
      await(
          () -> {
            for (int i = 0; i < Puller.THREADS + 2; i++) {
              if (store2.get("h" + i + "/hermes.child.error").isEmpty()) {
                return false;
              }
            }
            return true;
          },
          "every hung child timed out: " + store2.snapshot(""));
      int before = answered.get();
      long start = System.nanoTime();
      await(() -> answered.get() >= before + 3, "the quick child pulled beside the hung ones");
      long took = System.nanoTime() - start;
      // Each pull of the quick one waits at most for a hung one's timeout (0.5 s) plus its
      // interval.
      assertTrue(took < 10 * SECOND, "three pulls took " + took / 1_000_000 + " ms");
      assertTrue(many.threads() <= Puller.THREADS, "threads: " + many.threads());
      assertEquals(
          "timeout after 0.5 s", store2.get("h1/hermes.child.error").get().value(), "h1's error");
    } finally {
      many.stop();
      server.stop(0);
      hung.close();
      for (Socket s : held) {
        s.close();
      }
    }
  }
}
