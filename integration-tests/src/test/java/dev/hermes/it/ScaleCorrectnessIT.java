package dev.hermes.it;

import static java.util.stream.Collectors.toList;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * What the root's scale work must not change, over real HTTP against a real root (issue 11): a join
 * sent again is the same child, a batch delivered late does not undo a newer one, a prefix read
 * returns exactly its subtree, and a key's expiry is exact at the root.
 */
class ScaleCorrectnessIT {
  private static final Pattern SESSION = Pattern.compile("\"session\":\"([^\"]+)\"");
  private static final long PID = ProcessHandle.current().pid(); // a living local process

  private static String join(Tree tree, String name) throws Exception {
    return Http.post(
        tree.url + "/hermes/join",
        "{\"pid\":" + PID + ",\"name\":\"" + name + "\",\"main\":\"sim.Child\"}");
  }

  private static String session(String joinAnswer) {
    Matcher m = SESSION.matcher(joinAnswer);
    assertTrue(m.find(), joinAnswer);
    return m.group(1);
  }

  private static String update(Tree tree, String session, long seq, String set) throws Exception {
    return Http.post(
        tree.url + "/hermes/update",
        "{\"full\":false,\"set\":{"
            + set
            + "},\"removed\":[],\"sent\":"
            + System.currentTimeMillis()
            + ",\"seq\":"
            + seq
            + "}",
        "Hermes-Session: " + session);
  }

  private static String body(String response) {
    return response.substring(response.indexOf("\r\n\r\n") + 4);
  }

  // Regression (issue 11, ghosts): the join retried after its answer timed out was a second child
  // (c0042_2), and the first stayed, not_answering, for as long as its pid lived.
  @Test
  void aJoinSentAgainIsTheSameChildAndALateBatchChangesNothing() throws Exception {
    Tree tree = Tree.start("", "key=role=root");
    try (Started root = tree.root) {
      tree.await("role: root");
      String first = join(tree, "c0042");
      String again = join(tree, "c0042");
      assertTrue(first.startsWith("HTTP/1.1 200 "), first);
      assertEquals(body(first), body(again));
      String session = session(first);

      assertTrue(update(tree, session, 2, "\"k\":{\"value\":\"new\"}").startsWith("HTTP/1.1 200 "));
      // Number 1 sent before number 2, delivered after it: refused, and the newer value stays.
      String late = update(tree, session, 1, "\"k\":{\"value\":\"old\"}");
      assertTrue(late.startsWith("HTTP/1.1 409 "), late);
      assertTrue(body(late).startsWith("Stale batch"), late);

      Map<String, String> text = tree.await("c0042/k: new");
      assertEquals("running", text.get("c0042/hermes.child.state"));
      assertFalse(text.keySet().stream().anyMatch(k -> k.startsWith("c0042_")), text.toString());
      // Once the child has spoken, the same join is another child's.
      assertTrue(body(join(tree, "c0042")).contains("\"name\":\"c0042_2\""));
      assertFalse(root.stderr().contains("Exception"), root.stderr());
    }
  }

  @Test
  void aPrefixReadReturnsExactlyItsSubtree() throws Exception {
    Tree tree = Tree.start("", "key=role=root");
    try (Started root = tree.root) {
      tree.await("role: root");
      for (String name : List.of("c1", "c10", "c1.x", "c2")) {
        String session = session(join(tree, name));
        String set = "\"a\":{\"value\":\"" + name + "\"},\"b/c\":{\"value\":\"" + name + "\"}";
        assertTrue(update(tree, session, 1, set).startsWith("HTTP/1.1 200 "));
      }
      tree.await("c2/b/c: c2");
      Map<String, String> c1 =
          new TreeMap<>(TextLines.parse(Http.get(tree.url + "/?prefix=c1/").body));
      // Its own keys, and what the root says of it (state, pid, since, restarts, and the CPU
      // and memory of its process once sampled): nothing of c10's or c1.x's.
      assertEquals(
          List.of("c1/a", "c1/b/c"),
          c1.keySet().stream().filter(k -> !k.startsWith("c1/hermes.child.")).collect(toList()));
      assertTrue(c1.keySet().containsAll(List.of("c1/hermes.child.pid", "c1/hermes.child.state")));
      assertEquals("c1", c1.get("c1/a"));
      assertEquals(
          List.of("c1/b/c"),
          List.copyOf(TextLines.parse(Http.get(tree.url + "/?prefix=c1/b/").body).keySet()));
      assertEquals("", Http.get(tree.url + "/?prefix=c3/").body);
      Map<String, Map<String, Object>> json =
          Json.tree(Http.get(tree.url + "/?type=json&prefix=c10/").body);
      assertTrue(json.keySet().containsAll(List.of("c10/a", "c10/b/c")), json.toString());
      assertTrue(json.keySet().stream().allMatch(k -> k.startsWith("c10/")), json.toString());
    }
  }

  @Test
  void aChildsKeyExpiresAtTheRootWhenItsTtlIsUp() throws Exception {
    Tree tree = Tree.start("", "key=role=root");
    try (Started root = tree.root) {
      tree.await("role: root");
      String session = session(join(tree, "c7"));
      // Sent 1 s old with a ttl of 3 s: it lives 2 s more at the root.
      long sent = System.nanoTime();
      String set = "\"t\":{\"value\":\"x\",\"age\":1.0,\"ttl\":3.0},\"kept\":{\"value\":\"y\"}";
      assertTrue(update(tree, session, 1, set).startsWith("HTTP/1.1 200 "));
      Map<String, String> before = TextLines.parse(Http.get(tree.url + "/?prefix=c7/").body);
      long readNanos = System.nanoTime() - sent;
      if (readNanos < 1_500_000_000L) { // a machine stalled that long proves nothing either way
        assertEquals("x", before.get("c7/t"), before.toString());
      }
      tree.awaitGone("c7/t:");
      long goneNanos = System.nanoTime() - sent;
      assertTrue(goneNanos >= 2_000_000_000L, "gone after " + goneNanos / 1_000_000 + " ms");
      Map<String, String> after = TextLines.parse(Http.get(tree.url + "/?prefix=c7/").body);
      assertEquals("y", after.get("c7/kept"));
      assertFalse(after.containsKey("c7/t"));
      assertFalse(Http.get(tree.url + "/metrics").body.contains("c7/t"));
    }
  }
}
