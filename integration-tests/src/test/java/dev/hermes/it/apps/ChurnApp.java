package dev.hermes.it.apps;

import dev.hermes.api.Hermes;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Floods one key: {@code ChurnApp DIR SECONDS}. Once {@code DIR/go} exists it reports {@code
 * churn.value} with a new 8,000-character value about 20,000 times a second for SECONDS, then
 * collects garbage and reports {@code churn.count}, {@code heap.after_gc_mb} and {@code
 * churn.done=yes}.
 */
public final class ChurnApp {
  private ChurnApp() {}

  public static void main(String[] args) throws Exception {
    Path go = Path.of(args[0]).resolve("go");
    long nanos = Long.parseLong(args[1]) * 1_000_000_000L;
    Hermes.report("churn.ready", "yes");
    while (!Files.exists(go)) {
      Thread.sleep(50);
    }
    char[] filler = new char[8000];
    Arrays.fill(filler, 'c');
    long count = 0;
    long end = System.nanoTime() + nanos;
    while (System.nanoTime() < end) {
      String counter = Long.toString(count++);
      System.arraycopy(counter.toCharArray(), 0, filler, 0, counter.length());
      Hermes.report("churn.value", new String(filler)); // a new string each time
      if (count % 100 == 0) {
        Thread.sleep(5); // about 20,000 reports a second: a flood, not a CPU test
      }
    }
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(100);
    }
    long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    Hermes.report("churn.count", Long.toString(count));
    Hermes.report("heap.after_gc_mb", Long.toString(used >> 20));
    Hermes.report("churn.done", "yes");
    while (ProcessHandle.current().parent().map(ProcessHandle::isAlive).orElse(false)) {
      Thread.sleep(200);
    }
  }
}
