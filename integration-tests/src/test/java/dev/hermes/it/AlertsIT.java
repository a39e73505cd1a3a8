package dev.hermes.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Alerts of a real tree delivered to real local webhook receivers. */
class AlertsIT {
  private static final String CHILD_DOWN =
      "down = */hermes.child.state is:exited,not_answering webhook=";

  private static Path rules(String text) throws Exception {
    Path file = Temp.file("hermes-alerts", ".rules");
    Files.writeString(file, text);
    return file;
  }

  private static void kill(Map<String, String> text, String child) {
    ProcessHandle.of(Long.parseLong(text.get(child + "/hermes.child.pid")))
        .orElseThrow()
        .destroyForcibly();
  }

  @Test
  void firingThenResolvedOnceEachInOrder() throws Exception {
    try (Webhooks hook = Webhooks.on(0)) {
      Tree tree =
          Tree.start("alerts=" + rules(CHILD_DOWN + hook.url()), "restart=worker1,key=role=w1");
      try (Started root = tree.root) {
        Map<String, String> text = tree.await("worker1/role: w1", "alert.down.state: ok");
        kill(text, "worker1");
        List<String> got = hook.await(2);
        assertEquals(2, got.size(), got.toString());
        Map<String, Object> firing = ReadinessIT.json(got.get(0));
        Map<String, Object> resolved = ReadinessIT.json(got.get(1));
        assertEquals("down", firing.get("rule"));
        assertEquals("firing", firing.get("state"));
        assertEquals("worker1/hermes.child.state", firing.get("key"));
        assertEquals("exited", firing.get("value"));
        assertEquals("worker1", firing.get("node"));
        assertEquals(tree.url, firing.get("source"));
        assertEquals("resolved", resolved.get("state"));
        // Its supervisor's new worker1 has taken the name: starting (or its record went first).
        assertTrue(
            resolved.get("value") == null
                || List.of("starting", "running").contains(resolved.get("value")),
            got.toString());
        assertEquals(firing.get("incident"), resolved.get("incident"));
        assertEquals(firing.get("since"), resolved.get("since"));
        tree.await("alert.down.state: ok", "worker1/hermes.child.state: running");
        Thread.sleep(3000); // a repeat would have come by now: there is none
        assertEquals(2, hook.bodies.size(), hook.bodies.toString());
      }
    }
  }

  @Test
  void aReceiverDownForTenSecondsGetsTheMessageAfter() throws Exception {
    int port = Jvm.freePort();
    String url = "http://127.0.0.1:" + port + "/hook";
    Tree tree = Tree.start("alerts=" + rules(CHILD_DOWN + url), "child=java,worker1,key=role=w1");
    try (Started root = tree.root) {
      Map<String, String> text = tree.await("worker1/role: w1");
      kill(text, "worker1");
      tree.await("alert.down.state: firing");
      Thread.sleep(10_000);
      String err;
      try (Webhooks hook = Webhooks.on(port)) {
        List<String> got = hook.await(1);
        assertEquals(1, got.size());
        assertEquals("firing", ReadinessIT.json(got.get(0)).get("state"));
        // The sender says so once it has the receiver's answer, a moment after the receiver has
        // the body: wait for it while the receiver is still up (closed, it may never answer).
        err = root.stderr();
        for (int i = 0; i < 400 && !err.contains("took the message after"); i++) {
          Thread.sleep(50);
          err = root.stderr();
        }
      }
      assertTrue(err.contains("alerts: cannot deliver to webhook http://127.0.0.1:" + port), err);
      assertTrue(err.contains("took the message after"), err);
    }
  }

  @Test
  void aReceiverThatHangsSlowsNothingElse() throws Exception {
    try (Webhooks hung = Webhooks.hanging();
        Webhooks fine = Webhooks.on(0)) {
      Tree tree =
          Tree.start(
              "alerts="
                  + rules(
                      "a = */hermes.child.state is:exited webhook="
                          + hung.url()
                          + "\nb = */hermes.child.state is:exited webhook="
                          + fine.url()
                          + "\n"),
              "restart=worker1,key=role=w1");
      try (Started root = tree.root) {
        String killed = "";
        for (int i = 1; i <= 2; i++) {
          String was = killed;
          Map<String, String> text =
              TextLines.parse(
                  root.awaitBody(
                          tree.url + "/",
                          b -> {
                            Map<String, String> t = TextLines.parse(b);
                            return "running".equals(t.get("worker1/hermes.child.state"))
                                && !was.equals(t.get("worker1/hermes.child.pid"));
                          })
                      .body);
          killed = text.get("worker1/hermes.child.pid");
          kill(text, "worker1");
          assertEquals(2 * i, fine.await(2 * i).size(), fine.bodies.toString());
        }
        List<String> got = fine.await(4);
        assertEquals(4, got.size(), got.toString());
        assertEquals(0, hung.bodies.size());
        assertEquals(200, Http.get(tree.url + "/health/ready").status);
      }
    }
  }
}
