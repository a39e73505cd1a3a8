package dev.hermes.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Keys as long as the rule allows, seen from the root: one never freezes a subtree, and a path too
 * long for an ancestor stays where it fits while everything else keeps flowing. Regression tests
 * for finding 5 (a 252-character key under {@code Node/} made the parent answer 500 halfway through
 * every batch, forever).
 */
class LongKeysIT {
  private static final String LONG_KEY = "k".repeat(252);

  @Test
  void aKeyValidInTheChildIsShownUnderItsNameAndTheRestFlows() throws Exception {
    Tree tree =
        Tree.start("", "key=role=root", "child=java,Node,key=" + LONG_KEY + "=long+count=tick,300");
    try (Started root = tree.root) {
      Map<String, String> first = tree.await("Node/" + LONG_KEY + ": long");
      long tick = Long.parseLong(first.get("Node/tick"));
      Map<String, String> later =
          TextLines.parse(
              root.awaitBody(
                      tree.url + "/",
                      body ->
                          Long.parseLong(TextLines.parse(body).getOrDefault("Node/tick", "0"))
                              > tick + 2)
                  .body);
      assertEquals("running", later.get("Node/hermes.child.state"));
      assertEquals("", root.stderr(), "nothing to say");
    }
  }

  @Test
  void aPathTooLongForAnAncestorStaysBelowAndTheRestFlows() throws Exception {
    // root <- a (256 characters) <- b (256) <- c (256): c's key of 256 characters is a path of
    // 770 at a, and would be 1,027 at the root.
    String a = "a".repeat(256);
    String b = "b".repeat(256);
    String c = "c".repeat(256);
    String key = "k".repeat(256);
    Tree tree = Tree.start("", "key=role=root");
    try (Started root = tree.root) {
      tree.await("role: root");
      try (Started mid =
          Jvm.withAgent("")
              .env("HERMES_PARENT", tree.url)
              .env("HERMES_NAME", a)
              .env("HERMES_JMX", "off")
              .classPath(Jvm.apps(), Jvm.apiJar().toString())
              .main(
                  "dev.hermes.it.apps.BulkApp",
                  "child=" + b + ",child=" + c + ",long=256,deep~count=tick,300")
              .start()) {
        String leaf = a + "/" + b + "/" + c + "/";
        Map<String, String> text = tree.await(leaf + "role.ready: yes", a + "/role.ready: yes");
        long tick = Long.parseLong(text.get(leaf + "tick"));
        Map<String, String> later =
            TextLines.parse(
                root.awaitBody(
                        tree.url + "/",
                        body ->
                            Long.parseLong(TextLines.parse(body).getOrDefault(leaf + "tick", "0"))
                                > tick + 2)
                    .body);
        assertFalse(later.containsKey(leaf + key), "too long at the root");
        assertEquals("1", later.get(a + "/hermes.child.withheld"), "said in-band");
        Map<String, String> atMid =
            TextLines.parse(Http.get(text.get(a + "/hermes.url") + "/").body);
        assertEquals("deep", atMid.get(b + "/" + c + "/" + key), "kept where it fits");
        List<String> said =
            mid.stderr().lines().filter(l -> l.contains("[hermes]")).collect(Collectors.toList());
        assertEquals(1, said.size(), mid.stderr());
        assertTrue(said.get(0).contains("] cannot be shown at parent " + tree.url), said.get(0));
        assertTrue(said.get(0).contains("1027 characters, more than 1024"), said.get(0));
        assertEquals("", root.stderr());
      }
    }
  }
}
