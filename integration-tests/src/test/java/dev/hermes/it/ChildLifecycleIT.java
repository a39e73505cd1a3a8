package dev.hermes.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Children that die, hang, lie about tokens, or join by hand. */
class ChildLifecycleIT {
  @Test
  void childKilledWithSigkillShowsItsExitCodeAndItsKeysGoAfterGrace() throws Exception {
    Tree tree = Tree.start("", "child=java,victim,key=role=victim");
    try (Started root = tree.root) {
      Map<String, String> text = tree.await("victim/role: victim");
      long pid = Long.parseLong(text.get("victim/hermes.child.pid"));
      ProcessHandle.of(pid).orElseThrow().destroyForcibly(); // SIGKILL
      Map<String, String> after =
          tree.await("victim/hermes.child.state: exited", "victim/hermes.child.exit_code: 137");
      Map<String, String> later = tree.awaitGone("victim/role");
      assertEquals("137", later.get("victim/hermes.child.exit_code"), "exit record stays");
      assertTrue(after.containsKey("hermes.version"), "the root is unharmed");
    }
  }

  @Test
  void hungChildIsShownNotAnsweringAndTheRootServesOn() throws Exception {
    Tree tree = Tree.start("", "child=java,hung,key=role=hung", "child=java,fine,key=role=fine");
    try (Started root = tree.root) {
      Map<String, String> text = tree.await("hung/role: hung", "fine/role: fine");
      long pid = Long.parseLong(text.get("hung/hermes.child.pid"));
      signal("STOP", pid);
      try {
        Map<String, String> hung = tree.await("hung/hermes.child.state: not_answering");
        assertEquals("running", hung.get("fine/hermes.child.state"));
        assertEquals("hung", hung.get("hung/role"), "the last known keys stay");
        assertEquals(200, Http.get(tree.url + "/?type=json").status);
      } finally {
        signal("CONT", pid);
      }
      tree.await("hung/hermes.child.state: running");
    }
  }

  @Test
  void keyRemovedInAGrandchildDisappearsAtTheRoot() throws Exception {
    Tree tree =
        Tree.start(
            "", "child=java,mid,child=java,leaf,key=temp=here~key=keep=yes~forget=temp,6000");
    try (Started root = tree.root) {
      tree.await("mid/leaf/temp: here");
      Map<String, String> after = tree.awaitGone("mid/leaf/temp");
      assertEquals("yes", after.get("mid/leaf/keep"));
    }
  }

  @Test
  void agesSurviveTheTripUp() throws Exception {
    Tree tree = Tree.start("", "child=java,kid,key=fixed=1");
    try (Started root = tree.root) {
      // Both keys awaited: a batch's keys are stored one by one at the parent, so a read may fall
      // between "fixed" and the "hermes.url" that came with it.
      Map<String, String> text =
          TextLines.parse(
              root.awaitBody(
                      tree.url + "/",
                      b -> b.contains("\nkid/fixed: 1\n") && b.contains("\nkid/hermes.url: "))
                  .body);
      Thread.sleep(1500);
      String child = text.get("kid/hermes.url") + "/?type=json";
      // The root's read is bracketed by two of the child's, so however slowly the machine runs
      // the reads, the root's age must fall between them; the margin is for the push's transit,
      // which the root cannot see.
      BigDecimal before = age(Json.tree(Http.get(child).body), "fixed");
      BigDecimal atRoot = age(Json.tree(Http.get(tree.url + "/?type=json").body), "kid/fixed");
      BigDecimal after = age(Json.tree(Http.get(child).body), "fixed");
      BigDecimal margin = new BigDecimal("0.5");
      assertTrue(before.compareTo(BigDecimal.ONE) > 0, "the key has aged: " + before);
      assertTrue(
          atRoot.compareTo(before.subtract(margin)) >= 0
              && atRoot.compareTo(after.add(margin)) <= 0,
          "child " + before + " then root " + atRoot + " then child " + after);
    }
  }

  @Test
  void wrongOrReusedTokenIsRefusedAndChangesNothing() throws Exception {
    Tree tree = Tree.start("", "child=java,kid,key=role=kid");
    try (Started root = tree.root) {
      Map<String, String> before = tree.await("kid/role: kid");
      long pid = Long.parseLong(before.get("kid/hermes.child.pid"));
      String used = environ(pid).get("HERMES_TOKEN");
      assertTrue(used != null && used.length() > 20, "the child got a token");

      for (String token : new String[] {"forged", used}) {
        String body = "{\"token\":\"" + token + "\",\"pid\":1,\"name\":\"evil\"}";
        String response = post(tree.url + "/hermes/join", body, null);
        assertTrue(response.startsWith("HTTP/1.1 403 "), response);
      }
      String update = "{\"set\":{\"role\":{\"value\":\"hijacked\",\"age\":0}}}";
      assertTrue(post(tree.url + "/hermes/update", update, "guess").startsWith("HTTP/1.1 403 "));
      Map<String, String> after = TextLines.parse(Http.get(tree.url + "/").body);
      assertEquals("kid", after.get("kid/role"));
      assertTrue(after.keySet().stream().noneMatch(k -> k.startsWith("evil")), after.toString());
    }
  }

  @Test
  void jvmGivenHermesParentByHandJoins() throws Exception {
    Tree tree = Tree.start("", "key=role=root");
    try (Started root = tree.root) {
      tree.await("role: root");
      try (Started manual =
          Jvm.withAgent("")
              .env("HERMES_PARENT", tree.url)
              .env("HERMES_NAME", "manual")
              .env("HERMES_JMX", "off")
              .classPath(Jvm.apps())
              .main("dev.hermes.it.apps.PlainApp", "60000")
              .start()) {
        Map<String, String> text =
            tree.await("manual/status: running", "manual/hermes.child.state: running");
        assertEquals(Long.toString(manual.pid()), text.get("manual/hermes.child.pid"));
        manual.process.destroyForcibly();
        tree.await("manual/hermes.child.state: exited");
      }
    }
  }

  static void signal(String signal, long pid) throws Exception {
    Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).start();
    assertTrue(kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0, "kill -" + signal);
  }

  private static BigDecimal age(Map<String, Map<String, Object>> json, String key) {
    return (BigDecimal) json.get(key).get("age");
  }

  private static Map<String, String> environ(long pid) throws Exception {
    byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "environ"));
    Map<String, String> env = new java.util.HashMap<>();
    for (String entry : new String(raw, StandardCharsets.UTF_8).split("\0")) {
      int eq = entry.indexOf('=');
      if (eq > 0) {
        env.put(entry.substring(0, eq), entry.substring(eq + 1));
      }
    }
    return env;
  }

  private static String post(String url, String body, String session) throws Exception {
    return session == null
        ? Http.post(url, body)
        : Http.post(url, body, "Hermes-Session: " + session);
  }
}
