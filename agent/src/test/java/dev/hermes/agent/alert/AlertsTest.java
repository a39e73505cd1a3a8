package dev.hermes.agent.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hermes.api.Status;
import dev.hermes.api.StatusStore;
import dev.hermes.api.TestStores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AlertsTest {
  @TempDir Path dir;
  private final StatusStore store = TestStores.fresh();
  private Alerts alerts;

  @AfterEach
  void stop() {
    if (alerts != null) {
      alerts.stop();
    }
  }

  private Alerts start(String rules) throws Exception {
    Path file = dir.resolve("alerts");
    Files.writeString(file, rules);
    alerts = Alerts.start(file, store, "http://127.0.0.1:9091");
    return alerts;
  }

  private String state(String rule) {
    return store.get("alert." + rule + ".state").map(Status::value).orElse(null);
  }

  @Test
  void firingThenResolvedOnceEachInOrder() throws Exception {
    try (Receiver r = new Receiver()) {
      start("down = */hermes.child.state is:exited,not_answering webhook=" + r.url() + "\n");
      await(() -> "ok".equals(state("down")));
      store.put("worker1/hermes.child.state", "running", 0, 0);
      store.put("worker1/hermes.child.state", "not_answering", 0, 0);
      await(() -> r.bodies.size() == 1);
      store.put("worker1/hermes.child.state", "exited", 0, 0); // the same incident: no message
      store.put("worker1/status", "exited", 0, 0); // another key: no rule
      await(() -> "firing".equals(state("down")));
      store.put("worker1/hermes.child.state", "running", 0, 0);
      await(() -> r.bodies.size() == 2);
      await(() -> "ok".equals(state("down")));
      String firing = r.bodies.get(0);
      String resolved = r.bodies.get(1);
      assertTrue(
          firing.startsWith(
              "{\"rule\":\"down\",\"state\":\"firing\",\"key\":\"worker1/hermes.child.state\","
                  + "\"value\":\"not_answering\",\"node\":\"worker1\",\"since\":\""),
          firing);
      assertTrue(firing.endsWith(",\"source\":\"http://127.0.0.1:9091\"}"), firing);
      assertTrue(resolved.contains("\"state\":\"resolved\""), resolved);
      assertTrue(resolved.contains("\"value\":\"running\""), resolved);
      assertEquals(incident(firing), incident(resolved));
      Thread.sleep(300);
      assertEquals(2, r.bodies.size());
    }
  }

  @Test
  void aHoldTimeFiresOnlyWhatHeld() throws Exception {
    try (Receiver r = new Receiver()) {
      start("crit = **/probe.*.status is:critical for=1s webhook=" + r.url() + "\n");
      store.put("a/b/probe.db.status", "critical", 0, 0);
      await(() -> "pending".equals(state("crit")));
      store.put("a/b/probe.db.status", "ok", 0, 0); // did not hold: nothing sent
      await(() -> "ok".equals(state("crit")));
      store.report("probe.own.status", "critical", 0); // '**' matches no level too
      await(() -> "firing".equals(state("crit")));
      await(() -> r.bodies.size() == 1);
      assertTrue(
          r.bodies
              .get(0)
              .contains("\"key\":\"probe.own.status\",\"value\":\"critical\",\"node\":\"\""));
      store.remove("probe.own.status"); // a key that goes resolves
      await(() -> r.bodies.size() == 2);
      assertTrue(r.bodies.get(1).contains("\"state\":\"resolved\""));
      assertTrue(r.bodies.get(1).contains("\"value\":null"));
    }
  }

  @Test
  void aConditionThatAlreadyHoldsAtLoadFires() throws Exception {
    try (Receiver r = new Receiver()) {
      store.put("w/hermes.child.state", "exited", 0, 0);
      start("down = */hermes.child.state is:exited resolved=off webhook=" + r.url() + "\n");
      await(() -> r.bodies.size() == 1);
      store.put("w/hermes.child.state", "running", 0, 0);
      await(() -> "ok".equals(state("down")));
      Thread.sleep(300);
      assertEquals(1, r.bodies.size(), "resolved=off sends no resolve");
    }
  }

  @Test
  void aRefusingReceiverGetsTheMessageLaterAndSlackItsShape() throws Exception {
    try (Receiver r = new Receiver()) {
      r.refuse.set(2);
      Files.writeString(dir.resolve("slack-url"), r.url() + "\n");
      Files.writeString(dir.resolve("token"), "Bearer t0ken\n");
      start(
          "heap = jvm.heap >100 slack=slack-url\n"
              + "heap2 = jvm.heap >100 webhook="
              + r.url()
              + " header=Authorization:token\n");
      store.report("jvm.heap", "101", 0);
      await(() -> r.bodies.size() == 2);
      List<String> got = List.copyOf(r.bodies);
      assertTrue(
          got.stream().anyMatch(b -> b.startsWith("{\"text\":\"[FIRING] heap: jvm.heap = 101")),
          got.toString());
      assertTrue(r.authorizations.contains("Bearer t0ken"), r.authorizations.toString());
    }
  }

  @Test
  void aHangingReceiverDelaysOnlyItsOwnMessages() throws Exception {
    try (Receiver hung = new Receiver();
        Receiver fine = new Receiver()) {
      hung.hang = true;
      start(
          "a = x.level >1 webhook=" + hung.url() + "\nb = x.level >1 webhook=" + fine.url() + "\n");
      for (int i = 0; i < 5; i++) {
        store.report("x.level", "5", 0);
        await(() -> "firing".equals(state("b")));
        store.report("x.level", "0", 0);
        await(() -> "ok".equals(state("b")));
      }
      int expected = 10;
      await(() -> fine.bodies.size() == expected);
      assertEquals(0, hung.bodies.size());
    }
  }

  @Test
  void theFileChangedWhileRunning() throws Exception {
    try (Receiver r = new Receiver()) {
      Path file = dir.resolve("alerts");
      start("a = k >1 webhook=" + r.url() + "\n");
      await(() -> "ok".equals(state("a")));
      Files.writeString(file, "b = k >1 webhook=" + r.url() + "\n");
      Files.setLastModifiedTime(file, FileTime.fromMillis(1_000_000));
      alerts.look();
      assertEquals(null, state("a"));
      assertEquals("ok", state("b"));
    }
  }

  @Test
  void rulesInErrorAreNamed() {
    AlertFile.Parsed p =
        AlertFile.parse(
            "ok = a >1 webhook=http://x/\nnowhere = a >1\nbad = a ~1 webhook=http://x/\n"
                + "twice = a >1 for=x webhook=http://x/\n",
            null);
    assertEquals(List.of("ok"), List.copyOf(p.rules.keySet()));
    assertEquals(3, p.problems.size(), p.problems.toString());
    assertTrue(p.problems.get(0).startsWith("line 2: rule [nowhere] sends nowhere"));
  }

  @Test
  void patterns() {
    KeyPattern child = KeyPattern.compile("*/hermes.child.state");
    assertTrue(child.matches("worker1/hermes.child.state"));
    assertFalse(child.matches("worker1/fetcher/hermes.child.state"));
    assertFalse(child.matches("hermes.child.state"));
    KeyPattern deep = KeyPattern.compile("**/probe.*.status");
    assertTrue(deep.matches("probe.db.status"));
    assertTrue(deep.matches("a/b/c/probe.x.y.status"));
    assertFalse(deep.matches("a/probe.db.message"));
    assertFalse(deep.matches("a/probe/db.status"));
    KeyPattern own = KeyPattern.compile("**/status");
    assertTrue(own.matches("status"));
    assertTrue(own.matches("a/status"));
    assertFalse(own.matches("a/xstatus"));
    assertThrows(IllegalArgumentException.class, () -> KeyPattern.compile("a/**"));
    assertThrows(IllegalArgumentException.class, () -> KeyPattern.compile("a b"));
  }

  private static String incident(String body) {
    int at = body.indexOf("\"incident\":\"") + 12;
    return body.substring(at, body.indexOf('"', at));
  }

  private static void await(BooleanSupplier condition) throws InterruptedException {
    for (int i = 0; i < 1500 && !condition.getAsBoolean(); i++) {
      Thread.sleep(10);
    }
    assertTrue(condition.getAsBoolean(), "condition not met within 15 s");
  }
}
