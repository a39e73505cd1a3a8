package dev.hermes.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The supervisor's view of each child (issue 13), at a real root whose app supervises real
 * children: restarts after {@code kill -9} with the last exit kept, a crash loop, the CPU and
 * memory of processes that are not JVMs, the order in which an exit is told on {@code /events}, the
 * child families of {@code /metrics} through real parsers, and {@code tree}'s line.
 */
class SupervisionIT {
  private static final String OPENMETRICS = "application/openmetrics-text;version=1.0.0";

  @Test
  void aChildKilledAndStartedAgainThreeTimesKeepsItsNameTheLastExitAndCountsRestarts()
      throws Exception {
    Tree tree = Tree.start("", "supervise=victim,3,java");
    try (Started root = tree.root;
        EventStream events = open(tree, "victim/hermes.child.")) {
      String since = null;
      for (int kill = 1; kill <= 3; kill++) {
        Map<String, String> up =
            tree.await(
                "victim/hermes.child.state: running",
                "victim/hermes.child.restarts: " + (kill - 1));
        assertNotEquals(since, up.get("victim/hermes.child.since"), "since moves");
        since = up.get("victim/hermes.child.since");
        long pid = Long.parseLong(up.get("victim/hermes.child.pid"));
        ProcessHandle.of(pid).orElseThrow().destroyForcibly(); // SIGKILL

        // How it ended comes before "exited", which comes before "left".
        List<String> told = new ArrayList<>();
        for (EventStream.Event e :
            events.until(e -> e.type.equals("left") && e.data.contains("\"victim\""))) {
          told.add(e.type.equals("set") ? e.field("key") + "=" + e.field("value") : e.type);
        }
        int code = told.indexOf("victim/hermes.child.exit_code=137");
        int reason = told.indexOf("victim/hermes.child.exit_reason=signal 9 (SIGKILL)");
        int exited = told.indexOf("victim/hermes.child.state=exited");
        assertTrue(code >= 0 && reason >= 0 && exited >= 0, told.toString());
        assertTrue(code < exited && reason < exited, told.toString());
        assertEquals("left", told.get(told.size() - 1), told.toString());
        assertTrue(exited < told.size() - 1, told.toString());

        Map<String, String> again =
            tree.await(
                "victim/hermes.child.restarts: " + kill,
                "victim/hermes.child.last_exit_code: 137",
                "victim/hermes.child.last_exit_reason: signal 9 (SIGKILL)");
        assertTrue(again.containsKey("victim/hermes.child.last_exit_time"), again.toString());
      }
      Map<String, String> last =
          tree.await("victim/hermes.child.state: running", "victim/role: victim");
      assertEquals("3", last.get("victim/hermes.child.restarts"));
      assertEquals("137", last.get("victim/hermes.child.last_exit_code"));
      assertEquals("victim", last.get("victim/role"));
      assertFalse(
          last.keySet().stream().anyMatch(k -> k.startsWith("victim_2/")),
          "the same name each time: " + last.keySet());
      // Three restarts after failed exits within a minute.
      assertEquals("true", last.get("victim/hermes.child.crash_loop"));
    }
  }

  @Test
  void aGrandchildsExitIsToldAtTheRootCodeFirstThenStateThenLeft() throws Exception {
    Tree tree = Tree.start("", "child=java,mid,child=java,leaf,key=role=leaf");
    try (Started root = tree.root;
        EventStream events = open(tree, "mid/leaf/hermes.child.")) {
      Map<String, String> up = tree.await("mid/leaf/role: leaf");
      ProcessHandle.of(Long.parseLong(up.get("mid/leaf/hermes.child.pid")))
          .orElseThrow()
          .destroyForcibly();
      List<String> told = new ArrayList<>();
      for (EventStream.Event e :
          events.until(e -> e.type.equals("left") && e.data.contains("\"mid/leaf\""))) {
        if (e.type.equals("set")) {
          told.add(e.field("key") + "=" + e.field("value"));
        }
      }
      int code = told.indexOf("mid/leaf/hermes.child.exit_code=137");
      int reason = told.indexOf("mid/leaf/hermes.child.exit_reason=signal 9 (SIGKILL)");
      int exited = told.indexOf("mid/leaf/hermes.child.state=exited");
      assertTrue(code >= 0 && reason >= 0 && exited >= 0, told.toString());
      assertTrue(code < exited && reason < exited, told.toString());
      assertEquals(told.size() - 1, exited, "the state last, then left: " + told);
    }
  }

  /** The root's event stream under {@code prefix}, once the root's endpoint is up. */
  private static EventStream open(Tree tree, String prefix) throws Exception {
    tree.await("role.ready: yes");
    return EventStream.open(tree.url + "/events?prefix=" + prefix);
  }

  @Test
  void aChildThatKeepsFailingIsShownInACrashLoopAndItsSeriesGoWithIt() throws Exception {
    Tree tree = Tree.start("", "supervise=crasher,-1,exit3,300", "supervise=brief,0,brief");
    try (Started root = tree.root) {
      Map<String, String> looping =
          tree.await("crasher/hermes.child.crash_loop: true", "brief/hermes.child.restarts: 0");
      assertTrue(Integer.parseInt(looping.get("crasher/hermes.child.restarts")) >= 3);
      assertEquals("exit 3", looping.get("crasher/hermes.child.last_exit_reason"));
      assertEquals("3", looping.get("crasher/hermes.child.last_exit_code"));

      // The 0.0.4 text format: promtool passes it; the states are a gauge there.
      // (A restart replaces the record under the registry's lock; a scrape may fall between.)
      String text =
          root.awaitBody(
                  tree.url + "/metrics",
                  body -> body.contains("hermes_child_crash_loop{path=\"crasher\"} 1\n"))
              .body;
      ExpositionParsers.Result check = ExpositionParsers.promtool(text);
      assertEquals(0, check.exit, check.output + "\n" + text);
      assertTrue(text.contains("# TYPE hermes_child_state gauge\n"), text);
      ExpositionParsers.python(text, false);

      // OpenMetrics: a StateSet, with one state set for each child.
      Http.Response om = Http.get(tree.url + "/metrics", "Accept", OPENMETRICS);
      List<Map<String, Object>> samples = ExpositionParsers.python(om.body, true);
      int briefStates = 0;
      int briefSet = 0;
      for (Map<String, Object> s : samples) {
        Map<?, ?> labels = (Map<?, ?>) s.get("labels");
        if (s.get("name").equals("hermes_child_state") && "brief".equals(labels.get("path"))) {
          assertEquals("stateset", s.get("type"));
          briefStates++;
          briefSet += ((Number) s.get("value")).intValue();
        }
        if (s.get("name").equals("hermes_child_restarts") && "crasher".equals(labels.get("path"))) {
          assertTrue(((Number) s.get("value")).intValue() >= 3, s.toString());
        }
      }
      assertEquals(5, briefStates, om.body);
      assertEquals(1, briefSet, om.body);

      // brief exits after 8 s and, never having joined, is forgotten a grace (1 s) later.
      root.awaitBody(
          tree.url + "/metrics", body -> body.contains("hermes_child_up{path=\"brief\"} 0\n"));
      String gone =
          root.awaitBody(tree.url + "/metrics", body -> !body.contains("path=\"brief\"")).body;
      assertTrue(gone.contains("path=\"crasher\""), gone);
    }
  }

  @Test
  void processesThatAreNotJvmsShowPlausibleCpuAndMemory() throws Exception {
    Tree tree = Tree.start("", "supervise=napper,0,sleep", "supervise=spinner,0,busy");
    try (Started root = tree.root) {
      Map<String, String> keys =
          tree.await(
              "napper/hermes.child.state: not_joined", "spinner/hermes.child.state: not_joined");
      keys =
          TextLines.parse(
              root.awaitBody(
                      tree.url + "/",
                      body ->
                          body.contains("napper/hermes.child.cpu.percent_10s: ")
                              && body.contains("spinner/hermes.child.cpu.percent_10s: "))
                  .body);
      BigDecimal napping = new BigDecimal(keys.get("napper/hermes.child.cpu.percent_10s"));
      BigDecimal spinning = new BigDecimal(keys.get("spinner/hermes.child.cpu.percent_10s"));
      assertTrue(napping.compareTo(BigDecimal.ONE) < 0, "sleep: " + napping);
      assertTrue(spinning.compareTo(BigDecimal.ONE) > 0, "a busy loop: " + spinning);
      assertTrue(spinning.compareTo(new BigDecimal(100)) <= 0, "a busy loop: " + spinning);
      assertTrue(new BigDecimal(keys.get("spinner/hermes.child.cpu.seconds")).signum() > 0);
      for (String child : new String[] {"napper", "spinner"}) {
        long rss = Long.parseLong(keys.get(child + "/hermes.child.memory.rss_bytes"));
        // A sleep or a shell: more than a page or two, far less than a JVM.
        assertTrue(rss > 64 * 1024 && rss < 64L << 20, child + " rss " + rss);
      }

      // tree shows them on the child's line, as pm2 ls does.
      Cli cli = Cli.run("tree", tree.url);
      assertEquals(0, cli.exit, cli.err);
      assertTrue(
          Pattern.compile(
                  "(?m)^  spinner/  not_joined \\d+s  restarts 0  cpu [\\d.]+%  mem [\\d.]+ (KiB|MiB)"
                      + "  pid \\d+$")
              .matcher(cli.out)
              .find(),
          cli.out);
    }
  }
}
