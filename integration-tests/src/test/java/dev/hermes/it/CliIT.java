package dev.hermes.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code java -jar hermes.jar ...} against real JVMs: tree, get and list. */
class CliIT {
  private static Tree tree;

  @BeforeAll
  static void start() throws Exception {
    tree =
        Tree.start(
            "",
            "key=role=supervisor",
            "child=java,worker1,key=role=worker+child=java,-,key=role=sub",
            "child=java,worker2,key=role=worker");
    tree.await("worker1/TreeApp/role: sub", "worker2/role: worker");
  }

  @AfterAll
  static void stop() {
    tree.root.close();
  }

  @Test
  void treeShowsAThreeLevelTreeIndentedByChild() throws Exception {
    Cli cli = Cli.run("tree", tree.url);
    assertEquals(0, cli.exit, cli.toString());
    List<String> lines = List.of(cli.out.split("\n"));
    int root =
        find(
            lines,
            "^" + Pattern.quote(tree.url) + "  pid \\d+  dev\\.hermes\\.it\\.apps\\.TreeApp$");
    // Each child's line: its state and for how long, restarts, CPU and memory once sampled.
    String child = " running \\S+  restarts 0(  cpu [\\d.]+%)?(  mem [\\d.]+ \\S+)?  pid \\d+  ";
    int worker1 = find(lines, "^  worker1/ " + child + "dev\\.hermes\\.it\\.apps\\.TreeApp$");
    int sub = find(lines, "^    TreeApp/ " + child + "dev\\.hermes\\.it\\.apps\\.TreeApp$");
    assertTrue(root == 0 && root < worker1 && worker1 < sub, cli.out);
    assertEquals("  role: supervisor", lines.get(find(lines, "^  role: .*")));
    assertEquals("    role: worker", lines.get(worker1 + 1));
    assertEquals("      role: sub", lines.get(sub + 1));
  }

  @Test
  void treeHidesTheKeysEveryJvmHasUnlessAll() throws Exception {
    assertFalse(Cli.run("tree", tree.url).out.contains("process.pid"));
    assertTrue(Cli.run("tree", tree.url, "--all").out.contains("\n      process.pid: "));
  }

  @Test
  void treeIsNotColouredWhenNotATerminal() throws Exception {
    Cli cli = Cli.run("tree", tree.url);
    assertFalse(cli.out.contains("\u001b"), cli.out);
  }

  @Test
  void treeOnATerminalIsColoured() throws Exception {
    Cli cli = onTerminal(Map.of("TERM", "xterm"));
    assertTrue(cli.out.contains("\u001b[32mrunning\u001b[0m"), cli.toString());
  }

  @Test
  void noColorTurnsColourOffOnATerminal() throws Exception {
    Cli cli = onTerminal(Map.of("TERM", "xterm", "NO_COLOR", "1"));
    assertTrue(cli.out.contains("worker1/  running"), cli.toString());
    assertFalse(cli.out.contains("\u001b["), cli.toString());
  }

  @Test
  void getPrintsTheTextOfAPrefixAsServed() throws Exception {
    Cli cli = Cli.run("get", tree.url, "worker2/role.");
    assertEquals(0, cli.exit, cli.toString());
    assertEquals("worker2/role.ready: yes\n", cli.out);
  }

  @Test
  void getJsonPrintsJson() throws Exception {
    Cli cli = Cli.run("get", tree.url, "worker2/role", "--json");
    assertEquals("worker", Json.tree(cli.out).get("worker2/role").get("value"));
  }

  @Test
  void unreachableUrlExits1WithTheReason() throws Exception {
    int port = Jvm.freePort();
    Cli cli = Cli.run("tree", "http://127.0.0.1:" + port);
    assertEquals(1, cli.exit, cli.toString());
    assertTrue(cli.err.startsWith("hermes: cannot reach http://127.0.0.1:" + port), cli.err);
    assertEquals("", cli.out);
  }

  @Test
  void unknownOptionExits2() throws Exception {
    Cli cli = Cli.run("get", tree.url, "--xml");
    assertEquals(2, cli.exit, cli.toString());
    assertEquals(
        "hermes: unknown option [--xml] for get; see 'java -jar hermes.jar get --help'\n", cli.err);
  }

  @Test
  void listFindsJvmsWithTheAgentAndNotOneWithout() throws Exception {
    int port1 = Jvm.freePort();
    int port2 = Jvm.freePort();
    try (Started with1 = plain(Jvm.withAgent("port=" + port1));
        Started with2 = plain(Jvm.withAgent("port=" + port2));
        Started without = plain(Jvm.withoutAgent())) {
      with1.awaitBody("http://127.0.0.1:" + port1 + "/health", b -> true);
      with2.awaitBody("http://127.0.0.1:" + port2 + "/health", b -> true);
      awaitAttachable(without.pid());
      Cli cli = Cli.run("list");
      assertEquals(0, cli.exit, cli.toString());
      assertTrue(cli.out.startsWith("PID "), cli.out);
      assertEquals("http://127.0.0.1:" + port1, urlOf(cli.out, with1.pid()));
      assertEquals("http://127.0.0.1:" + port2, urlOf(cli.out, with2.pid()));
      assertEquals(null, urlOf(cli.out, without.pid()), cli.out);
    }
  }

  @Test
  void listAllShowsJvmsWithoutTheAgentToo() throws Exception {
    try (Started without = plain(Jvm.withoutAgent())) {
      awaitAttachable(without.pid());
      Cli cli = Cli.run("list", "--all");
      assertEquals("-", urlOf(cli.out, without.pid()), cli.out);
    }
  }

  static Started plain(Jvm jvm) throws Exception {
    return jvm.env("HERMES_JMX", "off")
        .classPath(Jvm.apps())
        .main("dev.hermes.it.apps.PlainApp", "60000")
        .start();
  }

  /** Waits until the JVM has published its perf data, which is how the Attach API finds it. */
  static void awaitAttachable(long pid) throws Exception {
    long deadline = System.nanoTime() + 20_000_000_000L;
    Path perf =
        Path.of(
            System.getProperty("java.io.tmpdir"),
            "hsperfdata_" + System.getProperty("user.name"),
            Long.toString(pid));
    while (!Files.exists(perf)) {
      assertTrue(System.nanoTime() < deadline, "no perf data for " + pid + " at " + perf);
      Thread.sleep(50);
    }
  }

  /** The URL column of the row for {@code pid}, or null when there is none. */
  static String urlOf(String listing, long pid) {
    Matcher m = Pattern.compile("(?m)^" + pid + " +\\S+ +(\\S+)$").matcher(listing);
    return m.find() ? m.group(1) : null;
  }

  private static Cli onTerminal(Map<String, String> env) throws Exception {
    String command =
        String.join(
            " ",
            List.of("'" + Jvm.java() + "'", "-jar", "'" + Jvm.hermesJar() + "'", "tree", tree.url));
    // script(1) runs the command on a pseudo-terminal, as an interactive shell would.
    Cli cli = Cli.exec(List.of("script", "-qec", command, "/dev/null"), env);
    assertEquals(0, cli.exit, cli.toString());
    return cli;
  }

  private static int find(List<String> lines, String regex) {
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).matches(regex)) {
        return i;
      }
    }
    throw new AssertionError("no line matches " + regex + " in:\n" + String.join("\n", lines));
  }
}
