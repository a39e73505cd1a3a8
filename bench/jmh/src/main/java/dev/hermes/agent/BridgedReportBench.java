package dev.hermes.agent;

import dev.hermes.api.Hermes;
import dev.hermes.api.StatusStore;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * {@code Hermes.report(key, value)} calls per second from the agent's own copy of the api ({@code
 * direct}) and from a second copy in a class loader of its own, as a webapp's, which reaches the
 * agent's store through the bridge ({@code bridged}): the same keys, in the same run, so the ratio
 * is what a webapp pays for the bridge. Run with {@code -t 1}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Thread)
public class BridgedReportBench {
  private static final int POOL = 16;
  private static final MethodHandle WEBAPP_REPORT = webappReport();

  private final String[] keys = new String[POOL];
  private final String[] values = new String[POOL];
  private int next;

  public BridgedReportBench() {
    for (int i = 0; i < POOL; i++) {
      keys[i] = "bench.bridge.key" + i;
      values[i] = i % 2 == 0 ? Integer.toString(1_000_000 + i * 7919) : "running-" + i;
    }
  }

  @Benchmark
  public void direct() {
    int i = next++ & (POOL - 1);
    Hermes.report(keys[i], values[i]);
  }

  @Benchmark
  public void bridged() throws Throwable {
    int i = next++ & (POOL - 1);
    WEBAPP_REPORT.invokeExact(keys[i], values[i]);
  }

  /** The agent's bridge published, then a webapp's copy of the api loaded and its report found. */
  private static MethodHandle webappReport() {
    try {
      ApiBridge.install(StatusStore.global());
      URL api = StatusStore.class.getProtectionDomain().getCodeSource().getLocation();
      ClassLoader webapp =
          new URLClassLoader("webapp", new URL[] {api}, ClassLoader.getPlatformClassLoader());
      Class<?> hermes = webapp.loadClass("dev.hermes.api.Hermes");
      if (hermes == Hermes.class) {
        throw new IllegalStateException("not a second copy of the api");
      }
      return MethodHandles.publicLookup()
          .findStatic(
              hermes, "report", MethodType.methodType(void.class, String.class, String.class));
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }
}
