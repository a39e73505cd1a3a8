package dev.hermes.agent.http;

import dev.hermes.api.Status;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One {@code GET /} worth of work for 1,000 keys, without the HTTP: order the snapshot ({@code
 * StatusView.of}) and render it as text or as JSON. In the renderers' package to reach them.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
public class RenderBench {
  static final int KEYS = 1000;

  SortedMap<String, Status> snapshot;

  /** Half the process's own keys, half child keys; every fourth key has a TTL. */
  @Setup
  public void setUp() {
    String[] own = {"jvm.memory.heap.used", "jvm.threads.live", "app.queue.depth", "db.pool.active"};
    String[] words = {"running", "idle", "ok", "degraded: 3 of 5 replicas"};
    long now = System.nanoTime();
    snapshot = new TreeMap<>();
    for (int i = 0; i < KEYS; i++) {
      String key =
          i % 2 == 0
              ? own[i % own.length] + "." + i
              : "worker" + (i % 10) + "/fetcher" + i + "/status";
      String value = i % 3 == 0 ? Long.toString(123_456_789L * i) : words[i % words.length];
      long ttl = i % 4 == 0 ? TimeUnit.SECONDS.toNanos(30) : 0;
      snapshot.put(key, new Status(value, now - TimeUnit.MILLISECONDS.toNanos(i), ttl));
    }
  }

  @Benchmark
  public byte[] text() {
    return TextRenderer.render(StatusView.of(snapshot, System.nanoTime()));
  }

  @Benchmark
  public byte[] json() {
    return JsonRenderer.render(StatusView.of(snapshot, System.nanoTime()));
  }
}
