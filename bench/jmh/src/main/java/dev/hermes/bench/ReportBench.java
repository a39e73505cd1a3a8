package dev.hermes.bench;

import dev.hermes.api.Hermes;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Calls of {@code Hermes.report(key, value)} per second, all threads together; keys and values
 * come from small precomputed pools. Run with {@code -t 1} and {@code -t 2}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ReportBench {
  private static final int POOL = 16; // a power of two: the index wraps with a mask
  private static final AtomicInteger THREADS = new AtomicInteger();

  /** Each thread reports its own keys: no two threads write the same map entry. */
  @State(Scope.Thread)
  public static class OwnKeys {
    final String[] keys = new String[POOL];
    final String[] values = Values.POOL;
    int next;

    @Setup
    public void setUp() {
      int thread = THREADS.incrementAndGet();
      for (int i = 0; i < POOL; i++) {
        keys[i] = "bench.thread" + thread + ".key" + i;
      }
    }
  }

  /** All threads report the same keys: they contend on the same map entries. */
  @State(Scope.Benchmark)
  public static class SharedKeys {
    final String[] keys = new String[POOL];

    @Setup
    public void setUp() {
      for (int i = 0; i < POOL; i++) {
        keys[i] = "bench.shared.key" + i;
      }
    }
  }

  /** A thread's position in the shared pool. */
  @State(Scope.Thread)
  public static class Cursor {
    final String[] values = Values.POOL;
    int next;
  }

  @Benchmark
  public void distinctKeys(OwnKeys s) {
    int i = s.next++ & (POOL - 1);
    Hermes.report(s.keys[i], s.values[i]);
  }

  @Benchmark
  public void sharedKeys(SharedKeys shared, Cursor c) {
    int i = c.next++ & (POOL - 1);
    Hermes.report(shared.keys[i], c.values[i]);
  }

  private static final class Values {
    static final String[] POOL = new String[ReportBench.POOL];

    static {
      for (int i = 0; i < POOL.length; i++) {
        POOL[i] = i % 2 == 0 ? Integer.toString(1_000_000 + i * 7919) : "running-" + i;
      }
    }
  }
}
