import dev.hermes.api.Hermes;
import java.util.concurrent.atomic.LongAdder;

/**
 * An application that reports without pause while it is scraped: {@code java LoadApp SECONDS
 * [THREADS] [KEYS] [PAUSE_MS]}. THREADS threads (4) each update their share of KEYS keys (200)
 * and then sleep PAUSE_MS (1); {@code load.updates_per_s} says how many reports the last second
 * saw. It prints {@code ready <hermes.url>} once reporting and the endpoint is up, and exits
 * after SECONDS (a bound on its life).
 */
public final class LoadApp {
  public static void main(String[] args) throws Exception {
    long seconds = Long.parseLong(args[0]);
    int threads = args.length > 1 ? Integer.parseInt(args[1]) : 4;
    int keys = args.length > 2 ? Integer.parseInt(args[2]) : 200;
    long pauseMs = args.length > 3 ? Long.parseLong(args[3]) : 1;
    LongAdder updates = new LongAdder();
    for (int t = 0; t < threads; t++) {
      String[] mine = new String[keys / threads];
      for (int i = 0; i < mine.length; i++) {
        mine[i] = String.format("load.t%d.k%03d", t, i);
      }
      Thread worker =
          new Thread(
              () -> {
                try {
                  for (long n = 0; ; n++) {
                    String value = Long.toString(n);
                    for (String key : mine) {
                      Hermes.report(key, value);
                    }
                    updates.add(mine.length);
                    Thread.sleep(pauseMs);
                  }
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              },
              "reporter-" + t);
      worker.setDaemon(true);
      worker.start();
    }
    // hermes.url is set once the agent's endpoint is bound (port=0 picks a free port).
    long bound = System.nanoTime() + 20_000_000_000L;
    while (System.getProperty("hermes.url") == null && System.nanoTime() < bound) {
      Thread.sleep(5);
    }
    System.out.println("ready " + System.getProperty("hermes.url", "none"));
    System.out.flush();
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    while (System.nanoTime() < end) {
      Thread.sleep(1000);
      Hermes.report("load.updates_per_s", Long.toString(updates.sumThenReset()));
    }
  }
}
