package dev.hermes.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A parent killed and started again on the same port gets its children back: each one whose session
 * the new parent does not know joins again under its name. Regression test for finding 7 (they got
 * 403 "Unknown session", said "status stays local" and never pushed again).
 */
class ParentRestartIT {
  @Test
  void childrenJoinAgainAParentRestartedOnTheSamePort() throws Exception {
    int port = Jvm.freePort();
    String url = "http://127.0.0.1:" + port;
    Started first = root(port, "child=java,kid,key=role=kid+lifetime=120000+count=tick,300");
    Started manual = null;
    long kid = -1;
    try {
      first.awaitBody(url + "/", body -> body.contains("kid/role: kid"));
      manual =
          Jvm.withAgent("")
              .env("HERMES_PARENT", url)
              .env("HERMES_NAME", "manual")
              .env("HERMES_JMX", "off")
              .classPath(Jvm.apps())
              .main("dev.hermes.it.apps.PlainApp", "120000")
              .start();
      Map<String, String> before =
          TextLines.parse(
              first.awaitBody(url + "/", body -> body.contains("manual/status: running")).body);
      kid = Long.parseLong(before.get("kid/hermes.child.pid"));

      first.process.destroyForcibly(); // kill -9 the root alone: its child lives on
      first.process.waitFor();
      assertTrue(ProcessHandle.of(kid).map(ProcessHandle::isAlive).orElse(false));
      try (Started second = root(port, "key=role=second")) {
        Map<String, String> after =
            TextLines.parse(
                second.awaitBody(
                        url + "/",
                        body ->
                            body.contains("role: second\n")
                                && body.contains("kid/role: kid\n")
                                && body.contains("manual/status: running\n"))
                    .body);
        assertEquals("running", after.get("kid/hermes.child.state"));
        assertEquals(Long.toString(kid), after.get("kid/hermes.child.pid"));
        assertEquals(Long.toString(manual.pid()), after.get("manual/hermes.child.pid"));
        String tick = after.get("kid/tick");
        second.awaitBody(url + "/", body -> !body.contains("kid/tick: " + tick + "\n"));
        assertTrue(manual.stderr().contains("joined again"), manual.stderr());
      }
    } finally {
      first.close();
      if (manual != null) {
        manual.close();
      }
      Optional<ProcessHandle> orphan = kid > 0 ? ProcessHandle.of(kid) : Optional.empty();
      orphan.ifPresent(ProcessHandle::destroyForcibly);
    }
  }

  private static Started root(int port, String... script) throws Exception {
    return Jvm.withAgent("port=" + port + ",grace=1,jmx=off")
        .classPath(Jvm.apps(), Jvm.apiJar().toString())
        .main("dev.hermes.it.apps.TreeApp", script)
        .start();
  }
}
