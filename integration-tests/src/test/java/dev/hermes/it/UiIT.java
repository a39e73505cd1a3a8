package dev.hermes.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The browser view, {@code /ui}: the page's headers and the Host check over raw HTTP, then the page
 * itself in headless Chromium (Debian's {@code chromium}, driven by playwright-core from {@code
 * integration-tests/browser}) against a real three-level tree: a root counting up to 200 times a
 * second, worker1 with a critical probe and a grandchild whose value the test changes, worker2
 * killed with {@code kill -9}, and a child with 3,560 keys. A second JVM has a secret. The browser
 * checks run once, in one node script ({@code ui-test.mjs}); each test here asserts its line.
 * Without chromium, node or playwright-core the browser tests are skipped with a note, and fail
 * under {@code CI=true}.
 */
class UiIT {
  private static final String CHROMIUM = "/usr/bin/chromium";
  private static final String SECRET = "ui-secret-7";
  private static final String IMG = "<img src=x onerror=alert(1)>";
  private static final String SCRIPT = "</script><script>alert(2)</script>";
  private static Tree tree;
  private static Tree guarded;
  private static Path fetcherFile;
  private static Path probeFile;
  private static List<String> lines;
  private static String nodeOutput;

  @BeforeAll
  static void start() throws Exception {
    fetcherFile = Temp.file("hermes-ui", ".txt");
    Files.writeString(fetcherFile, "first");
    probeFile = Temp.file("hermes-ui-probe", ".txt");
    Files.writeString(probeFile, "critical");
    tree =
        Tree.start(
            "",
            "count=load.ticks,5",
            "child=java,worker1,key=role=worker+apiprobe=db,"
                + probeFile
                + "+child=java,fetcher,key=xss.img="
                + IMG
                + "~key=xss.script="
                + SCRIPT
                + "~fromfile=fetched,"
                + fetcherFile,
            "child=java,worker2,key=role=worker",
            "child=java,bulk,bulk=shard,3560");
    guarded = Tree.start("secret=" + SECRET, "key=role=guarded");
  }

  @AfterAll
  static void stop() throws IOException {
    if (tree != null) {
      tree.root.close();
    }
    if (guarded != null) {
      guarded.root.close();
    }
    Files.deleteIfExists(fetcherFile);
    Files.deleteIfExists(probeFile);
  }

  // ---- over raw HTTP: no browser needed ----

  @Test
  void aForeignHostIsRefusedOnEveryRoute() throws Exception {
    tree.await("role.ready: yes");
    for (String path : List.of("/", "/ui", "/events", "/health", "/metrics")) {
      String answer = request(tree.url, path, "Host: rebound.example.com:" + port(tree));
      assertTrue(answer.startsWith("HTTP/1.1 403"), path + ": " + answer);
      assertTrue(answer.contains("is not a name of this endpoint"), path + ": " + answer);
    }
    // Nor without a port, nor a name that merely starts like an address.
    assertTrue(request(tree.url, "/", "Host: rebound.example.com").startsWith("HTTP/1.1 403"));
    assertTrue(request(tree.url, "/", "Host: 127.0.0.1.nip.io").startsWith("HTTP/1.1 403"));
  }

  @Test
  void addressesAndLocalhostAreAccepted() throws Exception {
    tree.await("role.ready: yes");
    int port = port(tree);
    for (String host :
        List.of(
            "Host: 127.0.0.1:" + port,
            "Host: localhost:" + port,
            "Host: LOCALHOST",
            "Host: 10.1.2.3:9091",
            "Host: [::1]:" + port,
            "Host: [fe80::1]")) {
      assertTrue(request(tree.url, "/ui", host).startsWith("HTTP/1.1 200"), host);
      assertTrue(request(tree.url, "/status", host).startsWith("HTTP/1.1 200"), host);
    }
    // HTTP/1.0 without a Host: no browser sends that.
    String old =
        Http.raw(tree.url, "GET /health HTTP/1.0\r\n\r\n")
            .split("\r\n", 2)[0]
            .replace("1.0", "1.1");
    assertTrue(old.startsWith("HTTP/1.1 200"), old);
  }

  @Test
  void withTheSecretAnyHostPassesWithoutItAForeignOneIsRefused() throws Exception {
    guarded.root.awaitBody(
        guarded.url + "/", b -> b.contains("role.ready: yes"), "Hermes-Secret", SECRET);
    String foreign = "Host: rebound.example.com";
    String with = request(guarded.url, "/", foreign + "\r\nHermes-Secret: " + SECRET);
    assertTrue(with.startsWith("HTTP/1.1 200"), with);
    assertTrue(request(guarded.url, "/ui", foreign).startsWith("HTTP/1.1 403"));
    assertTrue(request(guarded.url, "/health", foreign).startsWith("HTTP/1.1 403"));
    // The page is open without the secret (it holds no status); the status is not.
    assertEquals(200, Http.get(guarded.url + "/ui").status);
    assertEquals(403, Http.get(guarded.url + "/").status);
  }

  @Test
  void thePageIsServedWithAStrictPolicy() throws Exception {
    tree.await("role.ready: yes");
    String head = request(tree.url, "/ui", "Host: 127.0.0.1");
    String lower = head.toLowerCase(java.util.Locale.ROOT);
    assertTrue(lower.contains("content-type: text/html; charset=utf-8"), head);
    assertTrue(lower.contains("x-content-type-options: nosniff"), head);
    assertTrue(lower.contains("frame-ancestors 'none'"), head);
    assertTrue(lower.contains("script-src 'self';"), head);
    assertTrue(!lower.contains("unsafe-inline") && !lower.contains("unsafe-eval"), head);
    int bytes = 0;
    for (String file : List.of("/ui", "/ui/app.js", "/ui/app.css")) {
      Http.Response r = Http.get(tree.url + file);
      assertEquals(200, r.status, file);
      bytes += r.body.getBytes(StandardCharsets.UTF_8).length;
    }
    assertTrue(bytes <= 40 * 1024, bytes + " bytes");
    assertEquals(404, Http.get(tree.url + "/ui/other.js").status);
  }

  // ---- in the browser ----

  @Test
  void theTreeAndItsStatesRender() throws Exception {
    assertBrowser("tree");
  }

  @Test
  void thirtyJvmsWorthOfKeysRender() throws Exception {
    assertBrowser("scale");
  }

  @Test
  void valuesAreTextAndRunNothing() throws Exception {
    assertBrowser("xss");
  }

  @Test
  void aGrandchildsChangeAppearsWithinASecond() throws Exception {
    assertBrowser("change");
  }

  @Test
  void aHundredChangesASecondDoNotFreezeThePage() throws Exception {
    assertBrowser("busy");
  }

  @Test
  void theFilterFindsKeysAndPaths() throws Exception {
    assertBrowser("filter");
  }

  @Test
  void eachKeyOffersItsCurlLine() throws Exception {
    assertBrowser("curl");
  }

  @Test
  void aDeepLinkOpensASubtree() throws Exception {
    assertBrowser("deeplink");
  }

  @Test
  void aKilledChildShowsExitedWith137() throws Exception {
    assertBrowser("killed");
  }

  @Test
  void theSecretIsAskedOnceAndAWrongOneRefused() throws Exception {
    assertBrowser("secret");
  }

  private static void assertBrowser(String check) throws Exception {
    List<String> out = browserRun();
    for (String line : out) {
      if (line.equals("ok " + check)) {
        return;
      }
      if (line.startsWith("fail " + check + ":")) {
        fail(line + "\n" + nodeOutput);
      }
    }
    fail("the browser script did not run the check " + check + ":\n" + nodeOutput);
  }

  /** Runs ui-test.mjs once for the whole class; its lines. */
  private static synchronized List<String> browserRun() throws Exception {
    if (lines != null) {
      return lines;
    }
    Path dir =
        Path.of(System.getProperty("hermes.docs")).resolveSibling("integration-tests/browser");
    String missing = missing(dir);
    if (missing != null) {
      if ("true".equals(System.getenv("CI"))) {
        fail("the browser tests cannot run under CI: " + missing);
      }
      Assumptions.abort("browser tests skipped: " + missing);
    }
    awaitTree(
        "worker1/fetcher/fetched: first",
        "worker1/probe.db.status: critical",
        "worker2/role.ready: yes",
        "bulk/role.ready: yes",
        "bulk/shard.3559: value 3559");
    String pid = tree.await("worker2/role.ready: yes").get("worker2/hermes.child.pid");
    Path out = Temp.file("hermes-ui-node", ".txt");
    ProcessBuilder node = new ProcessBuilder("node", "ui-test.mjs").directory(dir.toFile());
    Map<String, String> env = node.environment();
    env.put("UI_URL", tree.url);
    env.put("UI_FETCHER_FILE", fetcherFile.toString());
    env.put("UI_KILL_PID", pid);
    env.put("UI_SECRET_URL", guarded.url);
    env.put("UI_SECRET", SECRET);
    env.put("UI_CHROMIUM", CHROMIUM);
    env.put("UI_SHOT", Path.of("target", "ui-tree.png").toAbsolutePath().toString());
    Process p = node.redirectErrorStream(true).redirectOutput(out.toFile()).start();
    try {
      if (!p.waitFor(240, TimeUnit.SECONDS)) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        p.waitFor(10, TimeUnit.SECONDS);
      }
      nodeOutput = Files.readString(out, StandardCharsets.UTF_8);
    } finally {
      Files.deleteIfExists(out);
    }
    List<String> result = new ArrayList<>();
    for (String line : nodeOutput.split("\n")) {
      result.add(line.trim());
      if (line.startsWith("bench ")) {
        System.out.println("UiIT " + line.trim()); // the figures for BENCHMARKS.md
      }
    }
    lines = result;
    return lines;
  }

  /**
   * Waits up to 120 s for every one of {@code lines} in the tree: five JVMs starting beside other
   * builds on two cores may take longer than {@link Tree#await}'s 20 s.
   */
  private static void awaitTree(String... lines) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    String last = "";
    while (System.nanoTime() < deadline) {
      try {
        last = "\n" + Http.get(tree.url + "/").body;
      } catch (IOException notYet) {
        // the root is starting
      }
      boolean all = true;
      for (String line : lines) {
        all &= last.contains("\n" + line + "\n");
      }
      if (all) {
        return;
      }
      Thread.sleep(200);
    }
    fail("the tree did not come up within 120 s; it holds " + last.length() + " characters");
  }

  /** Why the browser cannot run here, or null. */
  private static String missing(Path dir) throws InterruptedException {
    if (!Files.isExecutable(Path.of(CHROMIUM))) {
      return CHROMIUM + " is missing (apt-get install chromium)";
    }
    try {
      Process p = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      if (p.waitFor() != 0) {
        return "node does not run (apt-get install nodejs)";
      }
    } catch (IOException e) {
      return "node is missing (apt-get install nodejs npm)";
    }
    if (!Files.isDirectory(dir.resolve("node_modules/playwright-core"))) {
      return "playwright-core is not installed: npm ci --prefix integration-tests/browser";
    }
    return null;
  }

  private static int port(Tree t) {
    return Integer.parseInt(t.url.substring(t.url.lastIndexOf(':') + 1));
  }

  /** The head of a raw GET of {@code path} with {@code headerLines}; the connection closed. */
  private static String request(String url, String path, String headerLines) throws IOException {
    String answer =
        Http.raw(
            url, "GET " + path + " HTTP/1.1\r\n" + headerLines + "\r\nConnection: close\r\n\r\n");
    int end = answer.indexOf("\r\n\r\n");
    String head = end < 0 ? answer : answer.substring(0, end);
    // A refusal's reason is its body: keep it with the head.
    return answer.contains(" 403 ") ? answer : head;
  }
}
