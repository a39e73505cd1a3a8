package dev.hermes.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code /health/live} and {@code /health/ready} of a real tree. */
class ReadinessIT {
  @Test
  void readyFlipsWithARequiredChildAndAProbeButNotWithAnOptionalChild() throws Exception {
    Path level = Temp.file("hermes-level", ".txt");
    Files.writeString(level, "ok");
    Tree tree =
        Tree.start(
            "require=worker1",
            "restart=worker1,key=role=w1",
            "child=java,worker2,key=role=w2",
            "apiprobe=db," + level);
    try (Started root = tree.root) {
      Map<String, String> text =
          tree.await("worker1/role: w1", "worker2/role: w2", "probe.db.status: ok");
      Http.Response ready = awaitStatus(tree.url + "/health/ready", 200);
      assertEquals("application/json; charset=utf-8", ready.contentType);
      Map<String, Object> body = json(ready.body);
      assertEquals("UP", body.get("status"));
      assertEquals(List.of("probe.db", "child.worker1", "child.worker2"), names(body), ready.body);
      assertEquals(
          Map.of(
              "name",
              "child.worker1",
              "status",
              "UP",
              "data",
              Map.of("state", "running", "required", true)),
          check(body, "child.worker1"));

      // An optional child's death does not flip it.
      ProcessHandle.of(Long.parseLong(text.get("worker2/hermes.child.pid")))
          .orElseThrow()
          .destroyForcibly();
      tree.await("worker2/hermes.child.state: exited");
      Http.Response optional = awaitStatus(tree.url + "/health/ready", 200);
      assertEquals("DOWN", check(json(optional.body), "child.worker2").get("status"));

      // The required child killed: DOWN until its supervisor has it running again.
      ProcessHandle.of(Long.parseLong(text.get("worker1/hermes.child.pid")))
          .orElseThrow()
          .destroyForcibly();
      Http.Response down = awaitStatus(tree.url + "/health/ready", 503);
      assertEquals("DOWN", json(down.body).get("status"));
      assertEquals(200, Http.get(tree.url + "/health/live").status, "liveness never follows");
      awaitStatus(tree.url + "/health/ready", 200);
      tree.await("worker1/hermes.child.state: running");

      // An own probe critical: DOWN; ok again: UP.
      Files.writeString(level, "critical");
      Http.Response probeDown = awaitStatus(tree.url + "/health/ready", 503);
      assertEquals("DOWN", check(json(probeDown.body), "probe.db").get("status"));
      Files.writeString(level, "ok");
      awaitStatus(tree.url + "/health/ready", 200);

      Http.Response live = Http.get(tree.url + "/health/live");
      assertEquals(200, live.status);
      assertEquals(
          "{\"status\":\"UP\",\"checks\":[{\"name\":\"hermes\",\"status\":\"UP\"}]}\n", live.body);
    }
  }

  @Test
  void withASecretOpenButWithoutDataUnlessTheSecretIsGiven() throws Exception {
    Path level = Temp.file("hermes-level", ".txt");
    Files.writeString(level, "critical");
    Tree tree = Tree.start(Map.of("HERMES_SECRET", "s3cret"), "", "apiprobe=db," + level);
    try (Started root = tree.root) {
      root.awaitBody(tree.url + "/health", b -> true);
      Http.Response open = awaitStatus(tree.url + "/health/ready", 503);
      assertEquals(
          "{\"status\":\"DOWN\",\"checks\":[{\"name\":\"probe.db\",\"status\":\"DOWN\"}]}\n",
          open.body);
      Http.Response given = Http.get(tree.url + "/health/ready", "Hermes-Secret", "s3cret");
      assertTrue(given.body.contains("\"data\":{\"message\":\"from "), given.body);
      assertEquals(200, Http.get(tree.url + "/health/live").status);
      assertEquals(403, Http.get(tree.url + "/").status);
      assertFalse(open.body.contains("critical"));
    }
  }

  static Http.Response awaitStatus(String url, int status, String... headers) throws Exception {
    long deadline = System.nanoTime() + 30_000_000_000L;
    Http.Response last = null;
    while (System.nanoTime() < deadline) {
      last = Http.get(url, headers);
      if (last.status == status) {
        return last;
      }
      Thread.sleep(25);
    }
    fail("no " + status + " from " + url + " within 30 s; last: " + last);
    return null;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> json(String body) throws Exception {
    return (Map<String, Object>) Json.parse(body);
  }

  @SuppressWarnings("unchecked")
  private static List<String> names(Map<String, Object> body) {
    List<String> names = new java.util.ArrayList<>();
    for (Object c : (List<Object>) body.get("checks")) {
      names.add((String) ((Map<String, Object>) c).get("name"));
    }
    return names;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> check(Map<String, Object> body, String name) {
    for (Object c : (List<Object>) body.get("checks")) {
      if (name.equals(((Map<String, Object>) c).get("name"))) {
        return (Map<String, Object>) c;
      }
    }
    fail("no check " + name + " in " + body);
    return null;
  }
}
