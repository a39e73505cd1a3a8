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
  void aChildsLineSaysWhatASupervisorShows() {
    Map<String, String> keys = new LinkedHashMap<>();
    keys.put("web/hermes.child.state", "running");
    keys.put("web/hermes.child.since", "2026-12-02T05:00:00.000Z");
    keys.put("web/hermes.child.pid", "201");
    keys.put("web/hermes.child.restarts", "3");
    keys.put("web/hermes.child.last_exit_reason", "signal 9 (SIGKILL)");
    keys.put("web/hermes.child.crash_loop", "true");
    keys.put("web/hermes.child.cpu.percent_10s", "12.5");
    keys.put("web/hermes.child.memory.rss_bytes", Long.toString(50_435_000L));
    keys.put("job/hermes.child.state", "exited");
    keys.put("job/hermes.child.since", "2026-12-02T05:00:00.000Z");
    keys.put("job/hermes.child.exit_code", "3");
    keys.put("job/hermes.child.exit_reason", "exit 3");
    keys.put("job/hermes.child.restarts", "0");
    keys.put("kid/hermes.child.state", "exited");
    keys.put("kid/hermes.child.exit_code", "137");
    keys.put("kid/hermes.child.exit_reason", "signal 9 (SIGKILL)");
    keys.put("c3/hermes.child.state", "not_answering");
    keys.put("c3/hermes.child.error", "connection refused");
    Map<String, Double> ages =
        Map.of("web/hermes.child.since", 302.4, "job/hermes.child.since", 3.9);
    assertEquals(
        "root\n"
            + "  c3/  not_answering  error: connection refused\n"
            + "  job/  exited 3s ago (exit code 3)  restarts 0\n"
            + "  kid/  exited (exit code 137, signal 9 (SIGKILL))\n"
            + "  web/  running 5m02s  crash loop  restarts 3 (last signal 9 (SIGKILL))  cpu 12.5%"
            + "  mem 48.1 MiB  pid 201\n",
        new TreeView(false, false).render("root", keys, ages));
  }

  @Test
  void durationsAndSizesAreShort() {
    assertEquals("0s", TreeView.duration(0.4));
    assertEquals("59s", TreeView.duration(59.9));
    assertEquals("1m00s", TreeView.duration(60));
    assertEquals("3h04m", TreeView.duration(3 * 3600 + 4 * 60 + 59));
    assertEquals("2d03h", TreeView.duration(2 * 86_400 + 3 * 3600 + 1));
    assertEquals("812 B", TreeView.bytes("812"));
    assertEquals("512.0 KiB", TreeView.bytes("524288"));
    assertEquals("1.5 GiB", TreeView.bytes(Long.toString(3L << 29)));
    assertEquals("lots", TreeView.bytes("lots"));
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
