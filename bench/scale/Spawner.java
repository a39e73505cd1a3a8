import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The root's app for {@code run.sh --spawn}: spawns N processes {@code sleep <seconds>}, the
 * i-th with {@code HERMES_NAME=c<i>} (as {@link Children} names its children), so that the root's
 * agent records N children it started, each with a one-time token in its environment; then sleeps
 * as long. The simulated children join with those tokens and pids ({@link ScaleBench} reads them
 * from {@code /proc/<pid>/environ}), as spawned JVMs would. The {@code sleep}s end with this JVM
 * (destroyed on a normal exit) or, at the latest, after their own {@code seconds}.
 *
 * <pre>java -javaagent:hermes.jar=port=P Spawner 3000 3600</pre>
 */
public final class Spawner {
  private Spawner() {}

  public static void main(String[] args) throws Exception {
    int n = Integer.parseInt(args[0]);
    long seconds = Long.parseLong(args[1]);
    List<Process> children = new ArrayList<>(n);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  synchronized (children) {
                    for (Process p : children) {
                      p.destroyForcibly();
                    }
                  }
                }));
    long start = System.nanoTime();
    for (int i = 0; i < n; i++) {
      ProcessBuilder pb = new ProcessBuilder("sleep", Long.toString(seconds));
      pb.environment().put("HERMES_NAME", String.format("c%04d", i));
      pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
      pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
      pb.redirectError(ProcessBuilder.Redirect.DISCARD);
      synchronized (children) {
        children.add(pb.start());
      }
    }
    System.err.printf(
        "bench/scale spawner: %d children started in %d ms%n",
        n, Duration.ofNanos(System.nanoTime() - start).toMillis());
    Thread.sleep(seconds * 1000);
  }
}
