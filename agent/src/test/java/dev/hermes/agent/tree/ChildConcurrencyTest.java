package dev.hermes.agent.tree;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hermes.api.StatusStore;
import dev.hermes.api.TestStores;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/**
 * Children's batches are applied side by side (the push path takes only the child's lock): what the
 * registry counts against the budget stays exactly what the children hold, and the budget is never
 * passed, whatever the interleaving with ticks and joins.
 */
class ChildConcurrencyTest {
  private static final int THREADS = 6;
  private static final int CHILDREN_PER_THREAD = 20;

  @Test
  void batchesSideBySideKeepTheBudgetExact() throws Exception {
    StatusStore store = TestStores.fresh();
    long budget = 2L << 20;
    ChildRegistry registry = new ChildRegistry(store, Duration.ofSeconds(60), budget, true);
    ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      int thread = t;
      threads.add(
          new Thread(
              () -> {
                try {
                  start.await();
                  push(registry, thread, failures);
                } catch (Throwable e) {
                  failures.add(e);
                }
              }));
    }
    threads.forEach(Thread::start);
    start.countDown();
    for (int i = 0; i < 50; i++) {
      registry.tick();
      assertTrue(registry.held() <= budget, registry.held() + " held");
      Thread.sleep(2);
    }
    for (Thread t : threads) {
      t.join(60_000);
    }
    assertTrue(failures.isEmpty(), failures.toString());

    long held = 0;
    for (Map.Entry<String, dev.hermes.api.Status> e : store.snapshot("").entrySet()) {
      if (!e.getKey().contains("/hermes.child.")) {
        held += ChildBudget.cost(e.getKey(), e.getValue().value());
      }
    }
    assertEquals(held, registry.held());
    assertTrue(held <= budget);
  }

  private static void push(
      ChildRegistry registry, int thread, ConcurrentLinkedQueue<Throwable> failures)
      throws Exception {
    Random random = new Random(thread);
    List<String> sessions = new ArrayList<>();
    for (int c = 0; c < CHILDREN_PER_THREAD; c++) {
      sessions.add(
          registry
              .join(
                  new JoinRequest(
                      null, 1000 + thread * 100 + c, "c" + thread + "_" + c, null, null))
              .session());
    }
    for (int round = 0; round < 300; round++) {
      String session = sessions.get(random.nextInt(sessions.size()));
      Map<String, Update.Entry> set = new LinkedHashMap<>();
      List<String> removed = new ArrayList<>();
      for (int k = 0; k < 20; k++) {
        String key = "k" + random.nextInt(60);
        if (random.nextInt(4) == 0) {
          removed.add(key);
        } else {
          set.put(key, new Update.Entry("v".repeat(1 + random.nextInt(400)), 0, 0));
        }
      }
      boolean full = random.nextInt(10) == 0;
      try {
        registry.update(session, new Update(full, set, full ? List.of() : removed));
      } catch (TreeException e) {
        if (e.reason() != TreeException.Reason.OVER_BUDGET) {
          failures.add(e);
        }
      }
    }
  }
}
