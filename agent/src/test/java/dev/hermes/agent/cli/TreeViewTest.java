package dev.hermes.agent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TreeViewTest {
  private static Map<String, String> threeLevels() {
    Map<String, String> keys = new LinkedHashMap<>();
    keys.put("status", "supervising");
    keys.put("process.pid", "100");
    keys.put("process.main", "demo.Demo");
    keys.put("worker1/status", "running");
    keys.put("worker1/hermes.child.state", "running");
    keys.put("worker1/hermes.child.pid", "101");
    keys.put("worker1/process.pid", "101");
    keys.put("worker1/fetcher/fetched", "12");
    keys.put("worker1/fetcher/hermes.child.state", "running");
    keys.put("worker1/fetcher/process.pid", "102");
    keys.put("victim/hermes.child.state", "exited");
    keys.put("victim/hermes.child.pid", "103");
    keys.put("victim/hermes.child.exit_code", "137");
    return keys;
  }

  @Test
  void childrenAreIndentedUnderTheirParentWithStateAndPid() {
    assertEquals(
        "http://127.0.0.1:9091  pid 100  demo.Demo\n"
            + "  status: supervising\n"
            + "  victim/  exited (exit code 137)  pid 103\n"
            + "  worker1/  running  pid 101\n"
            + "    status: running\n"
            + "    fetcher/  running  pid 102\n"
            + "      fetched: 12\n",
        new TreeView(false, false).render("http://127.0.0.1:9091", threeLevels()));
  }

  @Test
  void allShowsTheKeysEveryJvmHas() {
    String out = new TreeView(true, false).render("root", threeLevels());
    assertTrue(out.contains("\n      process.pid: 102\n"), out);
    assertTrue(!out.contains("hermes.child."), out);
  }

  @Test
  void valuesCannotForgeLines() {
    String out =
        new TreeView(false, false).render("root", Map.of("note", "one\nworker9/  running"));
    assertEquals("root\n  note: one\\nworker9/  running\n", out);
  }

  @Test
  void colourWrapsNamesAndStates() {
    String out = new TreeView(false, true).render("root", threeLevels());
    assertTrue(out.contains("\u001b[1mworker1/\u001b[0m  \u001b[32mrunning\u001b[0m"), out);
    assertTrue(out.contains("\u001b[31mexited\u001b[0m"), out);
  }

  @Test
  void noColourMeansNoEscapeCodes() {
    assertTrue(!new TreeView(false, false).render("root", threeLevels()).contains("\u001b"));
  }
}
