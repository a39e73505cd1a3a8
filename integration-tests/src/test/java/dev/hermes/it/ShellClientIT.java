package dev.hermes.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The shell client, clients/hermes.sh (issue 12): a script a JVM supervisor starts joins the tree
 * under its name, its keys show at the root and their TTLs expire there, its heartbeat keeps it
 * running, and its exit is shown with its code; the same script without a parent prints nothing and
 * exits 0.
 */
class ShellClientIT {
  static final Path CLIENT = Path.of("..", "clients", "hermes.sh").toAbsolutePath().normalize();

  /** A script named {@code job} that reports, removes, sleeps and exits with its argument. */
  static Path script() throws Exception {
    Path dir = Temp.dir("hermes-sh-it");
    Path job = dir.resolve("job");
    Files.writeString(
        job,
        "#!/bin/sh\n"
            + "set -eu\n"
            + ". '"
            + CLIENT
            + "'\n"
            + "hermes_report job.phase loading\n"
            + "hermes_report job.progress 50 2\n"
            + "hermes_report job.temp 'a \"quoted\" \\\\ value'\n"
            + "hermes_remove job.temp\n"
            + "hermes_report job.note 'say \"hi\" \\ twice'\n"
            + "sleep \"${2:-0}\"\n"
            + "exit \"${1:-0}\"\n");
    Files.setPosixFilePermissions(job, PosixFilePermissions.fromString("rwxr-xr-x"));
    return job;
  }

  @Test
  void aScriptStartedByAJvmJoinsReportsExpiresAndExitsWithItsCode() throws Exception {
    Path job = script();
    // The client's own temporary directory goes under the test's, removed with it.
    Tree tree =
        Tree.start(
            Map.of("TMPDIR", job.getParent().toString()),
            "",
            "key=role=supervisor",
            "run=" + job + ",3,8");
    try {
      Map<String, String> text =
          tree.await(
              "job/job.phase: loading", "job/job.progress: 50", "job/hermes.child.state: running");
      assertNull(text.get("job/job.temp"), "removed");
      tree.root.awaitBody(tree.url + "/", body -> body.contains("\njob/job.note: "));
      assertEquals(
          "say \"hi\" \\ twice",
          Json.tree(Http.get(tree.url + "/?type=json").body).get("job/job.note").get("value"));
      // Its TTL of 2 s expires at the root; meanwhile the heartbeat keeps the script running.
      text = tree.awaitGone("job/job.progress");
      assertEquals("loading", text.get("job/job.phase"));
      Thread.sleep(1500);
      text = TextLines.parse(Http.get(tree.url + "/").body);
      assertEquals("running", text.get("job/hermes.child.state"), text.toString());
      text = tree.await("job/hermes.child.state: exited", "job/hermes.child.exit_code: 3");
      assertEquals("exit 3", text.get("job/hermes.child.exit_reason"));
      assertTrue(tree.root.stdout().isEmpty(), "the script printed: " + tree.root.stdout());
    } finally {
      tree.root.close();
      Temp.delete(job.getParent());
    }
  }

  @Test
  void aScriptJoinsAgainWithWhatItReportedWhenItsParentRestarts() throws Exception {
    Path job = script();
    int port = Jvm.freePort();
    String url = "http://127.0.0.1:" + port;
    Started first = root(port);
    Process script = null;
    try {
      first.awaitBody(url + "/", body -> body.contains("status: running\n"));
      ProcessBuilder pb =
          new ProcessBuilder(job.toString(), "0", "60")
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .redirectError(ProcessBuilder.Redirect.DISCARD);
      pb.environment().keySet().removeIf(k -> k.startsWith("HERMES_"));
      pb.environment().put("HERMES_PARENT", url);
      pb.environment().put("HERMES_NAME", "byhand");
      pb.environment().put("TMPDIR", job.getParent().toString());
      script = pb.start();
      first.awaitBody(url + "/", body -> body.contains("\nbyhand/job.note: "));
      first.close();
      // A new parent on the same port knows no session: the script joins it again, by hand, and
      // sends what it reported, without the key it removed.
      try (Started second = root(port)) {
        Map<String, String> text =
            TextLines.parse(
                second.awaitBody(
                        url + "/",
                        body ->
                            body.contains("\nbyhand/job.phase: loading\n")
                                && body.contains("\nbyhand/job.note: "))
                    .body);
        assertNull(text.get("byhand/job.temp"));
        assertEquals("running", text.get("byhand/hermes.child.state"));
      }
    } finally {
      first.close();
      if (script != null) {
        script.destroyForcibly();
        script.waitFor();
      }
      Temp.delete(job.getParent());
    }
  }

  private static Started root(int port) throws Exception {
    return Jvm.withAgent("port=" + port + ",grace=1")
        .env("HERMES_JMX", "off")
        .classPath(Jvm.apps(), Jvm.apiJar().toString())
        .main("dev.hermes.it.apps.TreeApp", "key=role=root")
        .start();
  }

  @Test
  void withoutAParentTheScriptPrintsNothingAndExitsZero() throws Exception {
    Path job = script();
    try {
      Cli run = Cli.exec(List.of(job.toString()), Map.of());
      assertEquals(0, run.exit);
      assertEquals("", run.out);
      assertEquals("", run.err);
    } finally {
      Temp.delete(job.getParent());
    }
  }
}
