import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * One command to launch, read from a variants file: a line is a label then the command's words,
 * tab-separated; {@code {port}} in a word becomes a free port at each launch.
 */
final class Variant {
  private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime()
        .addShutdownHook(new Thread(() -> LIVE.forEach(Process::destroyForcibly), "bench-reaper"));
  }

  final String label;
  private final List<String> words;

  private Variant(String label, List<String> words) {
    this.label = label;
    this.words = words;
  }

  static List<Variant> read(Path file) throws IOException {
    List<Variant> variants = new ArrayList<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      List<String> fields = Arrays.asList(line.split("\t"));
      variants.add(new Variant(fields.get(0), fields.subList(1, fields.size())));
    }
    if (variants.isEmpty()) {
      throw new IllegalArgumentException("No variants in [" + file + "]: one line per command");
    }
    return variants;
  }

  /**
   * The variants in the order of one round: rotated by the round's number, so that no variant
   * always runs first (cold caches) or right after the same neighbour.
   */
  static List<Variant> inRound(List<Variant> variants, int round) {
    List<Variant> order = new ArrayList<>(variants);
    Collections.rotate(order, -(round % variants.size()));
    return order;
  }

  /** The command with {@code {port}} replaced; its stdout is discarded, stderr goes to ours. */
  ProcessBuilder builder(int port) {
    List<String> command = new ArrayList<>();
    for (String w : words) {
      command.add(w.replace("{port}", Integer.toString(port)));
    }
    return new ProcessBuilder(command)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(ProcessBuilder.Redirect.INHERIT);
  }

  /**
   * Starts the command; a JVM shutdown (the harness stopped by a signal) destroys what is still
   * running, so that no launched JVM outlives the harness.
   */
  static Process start(ProcessBuilder builder) throws IOException {
    Process p = builder.start();
    LIVE.add(p);
    return p;
  }

  /** Stops a process started by {@link #start}: SIGTERM, then SIGKILL after 10 s. */
  static void stop(Process p) throws InterruptedException {
    p.destroy();
    if (!p.waitFor(10, TimeUnit.SECONDS)) {
      p.destroyForcibly().waitFor();
    }
    LIVE.remove(p);
  }

  /** One raw sample line: label, round, value. */
  String sample(int round, double value) {
    return String.format(Locale.ROOT, "%s\t%d\t%.3f", label, round, value);
  }
}
