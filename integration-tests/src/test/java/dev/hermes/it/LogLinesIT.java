package dev.hermes.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Parent and child JVMs often share one console: each {@code [hermes]} line says which process it
 * comes from. Regression test for issue 10, finding 13 (with {@code HERMES_JMX} inherited, as
 * Jetty's {@code start.jar --exec} does, parent and child reported a bad rule in identical lines).
 */
class LogLinesIT {
  @Test
  void parentAndChildLinesNameTheirProcess() throws Exception {
    Path rules = Temp.file("hermes-rules", ".conf");
    Files.writeString(rules, "this line is not a rule\n");
    Tree tree = Tree.start(Map.of("HERMES_JMX", rules.toString()), "", "child=java,kid,key=a=b");
    try (Started root = tree.root) {
      Map<String, String> keys = tree.await("kid/a: b");
      String childPid = keys.get("kid/hermes.child.pid");
      List<String> lines = List.of();
      long deadline = System.nanoTime() + 20_000_000_000L;
      while (lines.size() < 2 && System.nanoTime() < deadline) {
        Thread.sleep(100);
        lines =
            root.stderr()
                .lines()
                .filter(l -> l.contains("jmx: "))
                .sorted()
                .collect(Collectors.toList());
      }
      assertEquals(2, lines.size(), root.stderr());
      assertTrue(
          lines.stream().anyMatch(l -> l.startsWith("[hermes] pid " + root.pid() + ": jmx: ")),
          root.stderr());
      assertTrue(
          lines.stream().anyMatch(l -> l.startsWith("[hermes] pid " + childPid + " (kid): jmx: ")),
          root.stderr());
      Files.delete(rules);
    }
  }
}
