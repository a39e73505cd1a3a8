import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Launch to the first HTTP 200, in interleaved rounds: {@code java FirstAnswer variants.tsv RUNS
 * WARMUPS POLL_MS}. A line is a label, the path to ask, then the command ({@code {port}} becomes a
 * free port), as for {@code PeerBench}. Each launch is timed from just before {@code start()} to
 * the end of the first 200's body, asking every POLL_MS on a new connection; the process is then
 * stopped. The order rotates each round; the first WARMUPS rounds are not printed. Prints label,
 * round, ms.
 */
final class FirstAnswer {
  private FirstAnswer() {}

  public static void main(String[] args) throws Exception {
    List<List<String>> variants = Launches.read(Path.of(args[0]));
    int runs = Integer.parseInt(args[1]);
    int warmups = Integer.parseInt(args[2]);
    long pollMillis = Long.parseLong(args[3]);
    for (int round = -warmups; round < runs; round++) {
      List<List<String>> order = new ArrayList<>(variants);
      Collections.rotate(order, -((round + warmups) % variants.size()));
      for (List<String> v : order) {
        int port = Launches.freePort();
        long t0 = System.nanoTime();
        Process p = start(v, port);
        try {
          double ms = untilOk(v.get(0), p, port, v.get(1), pollMillis, t0);
          if (round >= 0) {
            System.out.printf(Locale.ROOT, "%s\t%d\t%.3f%n", v.get(0), round, ms);
            System.out.flush();
          }
        } finally {
          Launches.destroyTree(p);
        }
      }
    }
  }

  /** Starts the command of a variants line (label, path, words), its stdout discarded. */
  static Process start(List<String> v, int port) throws IOException {
    List<String> command = new ArrayList<>();
    for (String w : v.subList(2, v.size())) {
      command.add(w.replace("{port}", Integer.toString(port)));
    }
    return new ProcessBuilder(command)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(ProcessBuilder.Redirect.INHERIT)
        .start();
  }

  /**
   * Asks {@code path} every {@code pollMillis}, each time on a new connection, until a 200's body
   * is read (at most 60 s after {@code t0}); returns the ms from {@code t0}. Stops the process and
   * throws if it exits or never answers 200.
   */
  static double untilOk(String label, Process p, int port, String path, long pollMillis, long t0)
      throws Exception {
    long deadline = t0 + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      try (KeepAliveClient c = new KeepAliveClient(port, 5000)) {
        if (c.get(path).status() == 200) {
          return (System.nanoTime() - t0) / 1e6;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      if (!p.isAlive() || System.nanoTime() > deadline) {
        Launches.destroyTree(p);
        throw new IllegalStateException(label + " never answered 200 on " + path);
      }
      Thread.sleep(pollMillis);
    }
  }
}
