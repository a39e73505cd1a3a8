package dev.hermes.it.apps;

import java.io.File;
import java.nio.file.Path;
import java.util.List;

/**
 * Like a Spark executor: it starts one worker JVM, then runs short tool commands ({@code getconf
 * PAGESIZE}, {@code setsid true}, {@code true}) {@code rounds} times, reading their output and
 * waiting for each, then idles: {@code ExecutorApp rounds}.
 */
public final class ExecutorApp {
  private ExecutorApp() {}

  public static void main(String[] args) throws Exception {
    int rounds = Integer.parseInt(args[0]);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    new ProcessBuilder(
            java, "-cp", System.getProperty("java.class.path"), PlainApp.class.getName(), "600000")
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(new File(System.getProperty("java.io.tmpdir"), "executor-worker.err"))
        .start();
    List<List<String>> tools =
        List.of(List.of("getconf", "PAGESIZE"), List.of("setsid", "true"), List.of("true"));
    for (int r = 0; r < rounds; r++) {
      for (List<String> tool : tools) {
        Process p = new ProcessBuilder(tool).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        if (p.waitFor() != 0) {
          throw new IllegalStateException(tool + " failed");
        }
      }
    }
    System.out.println("executor: ran " + rounds * tools.size() + " tools");
    Thread.sleep(600_000);
  }
}
