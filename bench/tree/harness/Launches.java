import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
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
 * Launches commands in interleaved rounds and times each from just before {@code start()}: to the
 * first stdout line starting with a marker, and to exit. {@code java Launches variants.tsv RUNS
 * WARMUPS MARKER exit|marker}: with {@code marker} the process is stopped once the marker line
 * arrives. A variants line is a label then the command's words, tab-separated; {@code {port}}
 * becomes a free port. Prints label, round, ms to marker, ms to exit (-1 if stopped), and the
 * rest of the marker line. The first WARMUPS rounds are run and not printed.
 */
final class Launches {
  private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime()
        .addShutdownHook(new Thread(() -> LIVE.forEach(Launches::destroyTree), "bench-reaper"));
  }

  private Launches() {}

  public static void main(String[] args) throws Exception {
    List<List<String>> variants = read(Path.of(args[0]));
    int runs = Integer.parseInt(args[1]);
    int warmups = Integer.parseInt(args[2]);
    String marker = args[3];
    boolean untilExit = args[4].equals("exit");
    for (int round = -warmups; round < runs; round++) {
      List<List<String>> order = new ArrayList<>(variants);
      // Rotated each round, so that no variant always runs first or after the same neighbour.
      Collections.rotate(order, -((round + warmups) % variants.size()));
      for (List<String> v : order) {
        String result = once(v, marker, untilExit);
        if (round >= 0) {
          System.out.println(v.get(0) + "\t" + round + "\t" + result);
          System.out.flush();
        }
      }
    }
  }

  private static String once(List<String> variant, String marker, boolean untilExit)
      throws Exception {
    List<String> command = new ArrayList<>();
    String port = Integer.toString(freePort());
    for (String w : variant.subList(1, variant.size())) {
      command.add(w.replace("{port}", port));
    }
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
    long start = System.nanoTime();
    Process p = builder.start();
    LIVE.add(p);
    try {
      BufferedReader out =
          new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      String line;
      while ((line = out.readLine()) != null && !line.startsWith(marker)) {
        // another line (an agent's banner): not the marker
      }
      double toMarker = (System.nanoTime() - start) / 1e6;
      if (line == null) {
        throw new IllegalStateException(variant.get(0) + ": no line starting [" + marker + "]");
      }
      double toExit = -1;
      if (untilExit) {
        out.transferTo(java.io.Writer.nullWriter());
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
          throw new IllegalStateException(variant.get(0) + " still running after 60 s");
        }
        toExit = (System.nanoTime() - start) / 1e6;
        if (p.exitValue() != 0) {
          throw new IllegalStateException(variant.get(0) + " exited with " + p.exitValue());
        }
      }
      return String.format(
          Locale.ROOT, "%.3f\t%.3f\t%s", toMarker, toExit, line.substring(marker.length()).trim());
    } finally {
      destroyTree(p);
      p.waitFor(10, TimeUnit.SECONDS);
      LIVE.remove(p);
    }
  }

  /** Stops a process and whatever it started, so that no child outlives a round. */
  static void destroyTree(Process p) {
    p.descendants().forEach(ProcessHandle::destroyForcibly);
    p.destroy();
    try {
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  static List<List<String>> read(Path file) throws IOException {
    List<List<String>> variants = new ArrayList<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      if (!line.isBlank() && !line.startsWith("#")) {
        variants.add(Arrays.asList(line.split("\t")));
      }
    }
    if (variants.isEmpty()) {
      throw new IllegalArgumentException("no variants in [" + file + "]: a label, then words");
    }
    return variants;
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
