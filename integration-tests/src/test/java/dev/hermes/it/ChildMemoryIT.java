package dev.hermes.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A local process that joins by hand and pushes as much as every documented limit allows, against a
 * root with a small heap: the root refuses past its children's memory budget and stays healthy.
 * Regression test for finding 3 (batches of 120 values of 8,192 characters, each body under 1 MiB,
 * ran a 256 MiB host out of heap in about 11 s).
 */
class ChildMemoryIT {
  private static final Pattern SESSION = Pattern.compile("\"session\":\"([^\"]+)\"");
  private static final int VALUES_PER_BATCH = 120;
  private static final int MAX_BATCHES = 200;

  @Test
  void aChildPushingEverythingItMayIsRefusedPastTheBudgetAndTheRootStaysHealthy() throws Exception {
    int port = Jvm.freePort();
    String url = "http://127.0.0.1:" + port;
    try (Started root =
        Jvm.withAgent("port=" + port + ",grace=1,jmx=off")
            .option("-Xmx96m")
            .classPath(Jvm.apps(), Jvm.apiJar().toString())
            .main("dev.hermes.it.apps.TreeApp", "key=role=root")
            .start()) {
      root.awaitBody(url + "/", body -> body.contains("role.ready: yes"));
      String joined =
          Http.post(
              url + "/hermes/join", "{\"pid\":1,\"name\":\"hog\",\"url\":\"http://10.1.2.3\"}");
      Matcher session = SESSION.matcher(joined);
      assertTrue(session.find(), joined);

      String value = "v".repeat(8192);
      int refused = 0;
      String refusal = null;
      for (int batch = 0; batch < MAX_BATCHES && refused < 5; batch++) {
        StringBuilder body = new StringBuilder("{\"set\":{");
        for (int i = 0; i < VALUES_PER_BATCH; i++) {
          body.append(i == 0 ? "" : ",").append("\"b").append(batch).append('_').append(i);
          body.append("\":{\"value\":\"").append(value).append("\"}");
        }
        body.append("}}");
        assertTrue(body.length() < 1 << 20, "each body is under the 1 MiB limit");
        String answer;
        try {
          answer =
              Http.post(
                  url + "/hermes/update", body.toString(), "Hermes-Session: " + session.group(1));
        } catch (IOException e) {
          fail(
              "the root stopped answering after "
                  + batch
                  + " batches: "
                  + e
                  + "; "
                  + root.stderr());
          return;
        }
        if (answer.startsWith("HTTP/1.1 413 ")) {
          refused++;
          refusal = answer;
        } else {
          assertTrue(
              answer.startsWith("HTTP/1.1 200 "),
              answer.substring(0, Math.min(300, answer.length())));
        }
      }
      assertTrue(refused > 0, "never refused; stderr: " + root.stderr());
      assertTrue(refusal.contains("childMemory"), refusal);

      assertTrue(root.process.isAlive());
      assertEquals(200, Http.get(url + "/health").status);
      Map<String, String> text = TextLines.parse(Http.get(url + "/").body);
      assertEquals("root", text.get("role"), "the root's own keys are intact");
      assertTrue(text.get("hog/hermes.child.error").contains("childMemory"), text.toString());
      String stderr = root.stderr();
      assertFalse(stderr.contains("OutOfMemoryError"), stderr);
      List<String> lines =
          stderr.lines().filter(l -> l.startsWith("[hermes]")).collect(Collectors.toList());
      assertEquals(1, lines.size(), "one line, not one per request: " + stderr);
      assertTrue(lines.get(0).contains("childMemory"), lines.get(0));
    }
  }
}
