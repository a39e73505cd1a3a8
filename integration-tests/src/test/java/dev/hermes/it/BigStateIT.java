package dev.hermes.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A child whose state is larger than one request may carry: it syncs in parts, and syncs again
 * after a hiccup. Regression test for finding 6 (its full push got 413 forever, so the child never
 * synced, or lost sync for good after one failed push).
 */
class BigStateIT {
  private static final int KEYS = 200;
  private static final int CHARS = 8000;

  @Test
  void aChildOfMoreThanOneMebibyteSyncsAndSyncsAgainAfterAHiccup() throws Exception {
    int port = Jvm.freePort();
    String url = "http://127.0.0.1:" + port;
    try (Started root =
        Jvm.withAgent("port=" + port + ",grace=1,jmx=off")
            .classPath(Jvm.apps(), Jvm.apiJar().toString())
            .main(
                "dev.hermes.it.apps.BulkApp",
                "key=role=root",
                "child=big,bulk=big," + KEYS + "," + CHARS + "+count=tick,300")
            .start()) {
      Map<String, Map<String, Object>> json =
          Json.tree(root.awaitBody(url + "/?type=json", body -> shown(body) == KEYS).body);
      int shown = 0;
      for (Map.Entry<String, Map<String, Object>> e : json.entrySet()) {
        if (e.getKey().startsWith("big/big.")) {
          shown++;
          assertEquals(CHARS, ((String) e.getValue().get("value")).length(), e.getKey());
        }
      }
      assertEquals(KEYS, shown, "every key of the child, more than 1 MiB of them");

      // A hiccup: the root stops answering for longer than a push may take, so the child's next
      // push is everything again.
      ChildLifecycleIT.signal("STOP", root.pid());
      Thread.sleep(3000);
      ChildLifecycleIT.signal("CONT", root.pid());
      long tick = tick(Http.get(url + "/").body);
      Map<String, String> after =
          TextLines.parse(root.awaitBody(url + "/", body -> tick(body) > tick + 3).body);
      assertEquals("running", after.get("big/hermes.child.state"));
      assertEquals(KEYS, shown(Http.get(url + "/?type=json").body));
      assertEquals("", root.stderr());
    }
  }

  /** How many of the child's bulk keys the root shows. */
  private static int shown(String json) {
    return json.split("\"big/big\\.", -1).length - 1;
  }

  private static long tick(String text) {
    return Long.parseLong(TextLines.parse(text).getOrDefault("big/tick", "0"));
  }
}
