package dev.hermes.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Joins that must not leave anything behind: refused before anything is registered, echoed only as
 * a short excerpt, and every admitted record reclaimable. Regression tests for finding 4 (joins
 * failing halfway with 500 stayed registered; pid 1 or a remote url stayed forever, 4,000 in 9 s; a
 * 1 MB main became a 1 MB line on stderr).
 */
class JoinBoundsIT {
  @Test
  void joinsOutOfShapeAre400AndLeaveNothing() throws Exception {
    Tree tree = Tree.start("", "key=role=root");
    try (Started root = tree.root) {
      tree.await("role: root");
      String[] bad = {
        "{\"pid\":" + root.pid() + ",\"name\":\"self\"}",
        "{\"pid\":0,\"name\":\"zero\"}",
        "{\"pid\":4242,\"name\":\"" + "n".repeat(300) + "\"}",
        "{\"pid\":4242,\"name\":\"bad name\"}",
        "{\"pid\":4242,\"name\":\"adopted\",\"adoptedFrom\":\"http://x/" + "a".repeat(9000) + "\"}",
        "{\"pid\":4242,\"main\":\"" + "m".repeat(1_000_000) + "\"}",
        "{\"pid\":4242,\"name\":\"far\",\"url\":\"" + "u".repeat(5000) + "\"}"
      };
      for (String body : bad) {
        String answer = Http.post(tree.url + "/hermes/join", body);
        assertTrue(answer.startsWith("HTTP/1.1 400 "), cut(answer));
        assertTrue(answer.length() < 1000, "a short answer: " + cut(answer));
      }
      Map<String, String> text = TextLines.parse(Http.get(tree.url + "/").body);
      assertTrue(
          text.keySet().stream().noneMatch(k -> k.contains("/")), "nothing registered: " + text);

      // A main too long to be a name is cut, not echoed.
      String longMain = "com.acme." + "M".repeat(3000);
      String answer =
          Http.post(tree.url + "/hermes/join", "{\"pid\":4242,\"main\":\"x/" + longMain + "\"}");
      assertTrue(answer.startsWith("HTTP/1.1 200 "), cut(answer));
      assertTrue(root.stderr().length() < 1000, cut(root.stderr()));
    }
  }

  @Test
  void handJoinsAreBoundedAndGoWhenSilent() throws Exception {
    Tree tree = Tree.start("", "key=role=root");
    try (Started root = tree.root) {
      tree.await("role: root");
      int admitted = 0;
      int refused = 0;
      for (int i = 0; i < 100; i++) {
        // A pid each: the same join sent again is the same child (ScaleCorrectnessIT). Never the
        // root's own, which it refuses (on a freshly booted machine the root's pid may be ~1000).
        String body =
            "{\"pid\":"
                + (root.pid() + 1 + i)
                + ",\"name\":\"flood\",\"url\":\"http://10.1.2.3:9091\"}";
        String answer = Http.post(tree.url + "/hermes/join", body);
        if (answer.startsWith("HTTP/1.1 200 ")) {
          admitted++;
        } else {
          assertTrue(answer.startsWith("HTTP/1.1 503 "), cut(answer));
          refused++;
        }
      }
      assertEquals(64, admitted, "children joined by hand at once");
      assertEquals(36, refused);
      assertEquals(200, Http.get(tree.url + "/health").status);
      // None of them ever pushes: each goes after the silence allowed (3 s and grace, 1 s here).
      tree.awaitGone("flood");
      String again = "{\"pid\":1,\"name\":\"later\",\"url\":\"http://10.1.2.3:9091\"}";
      assertTrue(Http.post(tree.url + "/hermes/join", again).startsWith("HTTP/1.1 200 "));
      long lines = root.stderr().lines().filter(l -> l.startsWith("[hermes]")).count();
      assertEquals(1, lines, "one line for the bound: " + root.stderr());
      assertFalse(root.stderr().contains("Exception"), root.stderr());
    }
  }

  private static String cut(String s) {
    return s.length() > 300 ? s.substring(0, 300) + "..." : s;
  }
}
