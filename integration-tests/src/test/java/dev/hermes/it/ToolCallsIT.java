package dev.hermes.it;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A Spark-like executor runs short tool commands ({@code getconf}, {@code setsid true}, {@code
 * true}) beside a worker JVM: the worker joins, the tools never show in the tree and are counted in
 * the executor's {@code hermes.tool_runs}.
 */
class ToolCallsIT {
  private static final int ROUNDS = 3;

  @Test
  void toolCommandsAreNotChildren() throws Exception {
    int port = Jvm.freePort();
    try (Started executor =
        Jvm.withAgent("port=" + port + ",jmx=off")
            .classPath(Jvm.apps())
            .main("dev.hermes.it.apps.ExecutorApp", Integer.toString(ROUNDS))
            .start()) {
      String url = "http://127.0.0.1:" + port + "/";
      String want = "\nhermes.tool_runs: " + (3 * ROUNDS) + "\n";
      String body = "";
      // Not Started.awaitBody's 20 s: on two loaded cores the tools alone took longer.
      long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
      while (System.nanoTime() < deadline
          && !(("\n" + body).contains(want)
              && body.contains("\nPlainApp/hermes.child.state: running\n"))) {
        assertTrue(executor.process.isAlive(), executor.stderr());
        try {
          body = Http.get(url).body;
        } catch (IOException notYet) {
          // the endpoint is not up yet
        }
        Thread.sleep(100);
      }
      assertTrue(("\n" + body).contains(want), body);
      Map<String, String> keys = TextLines.parse(body);
      for (String key : keys.keySet()) {
        assertFalse(
            key.startsWith("getconf/") || key.startsWith("setsid/") || key.startsWith("true/"),
            "a tool call in the tree: " + key + "\n" + body);
      }
    }
  }
}
