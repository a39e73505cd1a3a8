package dev.hermes.it;

import static org.junit.jupiter.api.Assertions.assertFalse;

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
      String body =
          executor.awaitBody(
                  url,
                  b ->
                      ("\n" + b).contains("\nhermes.tool_runs: " + (3 * ROUNDS) + "\n")
                          && b.contains("\nPlainApp/hermes.child.state: running\n"))
              .body;
      Map<String, String> keys = TextLines.parse(body);
      for (String key : keys.keySet()) {
        assertFalse(
            key.startsWith("getconf/") || key.startsWith("setsid/") || key.startsWith("true/"),
            "a tool call in the tree: " + key + "\n" + body);
      }
    }
  }
}
