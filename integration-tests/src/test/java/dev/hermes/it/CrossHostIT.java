package dev.hermes.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A tree across three hosts (issue 12): network namespaces A, B and C on a test subnet of their own
 * (10.77.1.0/24 between A and B, 10.77.2.0/24 between A and C, veth pairs). A root on A bound
 * beyond loopback, so with the secret, and TLS; a JVM on B joining it with {@code HERMES_PARENT}
 * and the root's certificate; on C a plain HTTP endpoint of the seed's JSON (Python's http.server,
 * no JVM) that the root pulls. The tree assembles at A; B's link cut shows B {@code not_answering}
 * with its error, and restored heals it without a restart; a client on C without the secret gets
 * 403. Skipped, saying why, where namespaces cannot be made (not root, no {@code ip}); the
 * namespaces (and with them the links) are deleted whatever happens.
 */
class CrossHostIT {
  private static final String SECRET = "cross-host-s3cret";
  private static final String PASSWORD = "changeit";
  // In a namespace of its own nothing else can hold a port: fixed ones are safe there.
  private static final String ROOT_URL = "https://10.77.1.1:9091";
  private static final String ROOT_FROM_C = "https://10.77.2.1:9091";

  private static final String SUFFIX =
      Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0x10000));
  private static final String A = "hermes-a-" + SUFFIX;
  private static final String B = "hermes-b-" + SUFFIX;
  private static final String C = "hermes-c-" + SUFFIX;

  private static final List<Started> started = new ArrayList<>();
  private static boolean made;
  private static Path pem;

  @BeforeAll
  static void hosts() throws Exception {
    String why = cannotMakeNamespaces();
    Assumptions.assumeTrue(
        why == null, "CrossHostIT skipped: network namespaces cannot be made here (" + why + ")");
    Runtime.getRuntime().addShutdownHook(new Thread(CrossHostIT::deleteNamespaces));
    made = true;
    for (String ns : List.of(A, B, C)) {
      ip("netns", "add", ns);
      ip("-n", ns, "link", "set", "lo", "up");
    }
    link(A, "vab", "10.77.1.1", B, "vba", "10.77.1.2");
    link(A, "vac", "10.77.2.1", C, "vca", "10.77.2.2");

    Path dir = Temp.dir("hermes-cross");
    Path keystore = dir.resolve("root.p12");
    TestCerts.keystore(keystore, "ip:10.77.1.1,ip:10.77.2.1", PASSWORD);
    pem = dir.resolve("root.pem");
    run(
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
            "-exportcert",
            "-rfc",
            "-alias",
            "hermes",
            "-keystore",
            keystore.toString(),
            "-storepass",
            PASSWORD,
            "-file",
            pem.toString()));

    // Host C: an endpoint that is not a JVM, serving the seed's JSON over plain HTTP.
    Path www = Files.createDirectories(dir.resolve("www"));
    Files.writeString(
        www.resolve("status.json"),
        "{\"disk free\": {\"value\": \"42\", \"age\": 0.5},"
            + " \"load\": {\"value\": \"0.25\", \"age\": 1.5, \"ttl\": 600}}");
    started.add(
        start(
            List.of(
                "ip",
                "netns",
                "exec",
                C,
                "python3",
                "-m",
                "http.server",
                "8000",
                "--bind",
                "10.77.2.2",
                "--directory",
                www.toString())));

    // Host A: the root, beyond loopback, so with the secret and TLS; it pulls C.
    started.add(
        Jvm.withAgent(
                "port=9091,bind=0.0.0.0,grace=60,secret="
                    + SECRET
                    + ",tls="
                    + keystore
                    + ",tlsPassword="
                    + PASSWORD
                    + ",pullInterval=1,children=hostc=http://10.77.2.2:8000/status.json")
            .env("HERMES_JMX", "off")
            .inNamespace(A)
            .classPath(Jvm.apps(), Jvm.apiJar().toString())
            .main("dev.hermes.it.apps.TreeApp", "key=role=root")
            .start());

    // Host B: a JVM joining the root by its URL, pinning its certificate.
    started.add(
        Jvm.withAgent("name=hostb")
            .env("HERMES_JMX", "off")
            .env("HERMES_PARENT", ROOT_URL)
            .env("HERMES_PARENT_CERT", pem.toString())
            .env("HERMES_SECRET", SECRET)
            .inNamespace(B)
            .classPath(Jvm.apps(), Jvm.apiJar().toString())
            .main("dev.hermes.it.apps.TreeApp", "key=role=b", "child=java,sub,key=role=sub")
            .start());
  }

  @AfterAll
  static void stop() {
    for (Started s : started) {
      s.close();
    }
    deleteNamespaces();
  }

  @Test
  void theTreeAssemblesAcrossHostsAndHealsACutLink() throws Exception {
    awaitRoot(
        "role: root",
        "hostb/role: b",
        "hostb/sub/role: sub",
        "hostb/hermes.child.state: running",
        "hostc/disk_free: 42",
        "hostc/load: 0.25",
        "hostc/hermes.child.state: running");

    // B's link cut: the root shows B not answering, and why.
    ip("-n", B, "link", "set", "vba", "down");
    try {
      Map<String, String> cut = awaitRoot("hostb/hermes.child.state: not_answering");
      assertTrue(cut.get("hostb/hermes.child.error").startsWith("no push for "), cut.toString());
      assertEquals("running", cut.get("hostc/hermes.child.state"), "C is unaffected");
    } finally {
      ip("-n", B, "link", "set", "vba", "up");
    }
    // Restored: B heals without a restart, its session and keys as they were.
    Map<String, String> healed =
        awaitRoot("hostb/hermes.child.state: running", "hostb/role: b", "hostb/sub/role: sub");
    assertFalse(healed.containsKey("hostb/hermes.child.error"), healed.toString());
  }

  @Test
  void aClientOnCWithoutTheSecretIsRefused() throws Exception {
    awaitRoot("hostc/hermes.child.state: running");
    String[] answer = curl(C, ROOT_FROM_C + "/", false);
    assertEquals("403", answer[0], answer[1]);
    assertEquals("200", curl(C, ROOT_FROM_C + "/", true)[0]);
  }

  /** Polls the root from host A until its text tree has every line; returns it. */
  private static Map<String, String> awaitRoot(String... lines) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
    String last = null;
    while (System.nanoTime() < deadline) {
      String[] answer = curl(A, ROOT_URL + "/", true);
      last = answer[0] + " " + answer[1];
      if (answer[0].equals("200")) {
        boolean all = true;
        for (String line : lines) {
          all &= ("\n" + answer[1]).contains("\n" + line + "\n");
        }
        if (all) {
          return TextLines.parse(answer[1]);
        }
      }
      Thread.sleep(200);
    }
    fail("the root never showed " + List.of(lines) + "; last: " + last + stderrs());
    return null;
  }

  /** {@code GET url} with curl in namespace {@code ns}, trusting the root's certificate. */
  private static String[] curl(String ns, String url, boolean secret) throws Exception {
    List<String> command =
        new ArrayList<>(
            List.of(
                "ip",
                "netns",
                "exec",
                ns,
                "curl",
                "-s",
                "--max-time",
                "5",
                "--cacert",
                pem.toString(),
                "-w",
                "\n%{http_code}"));
    if (secret) {
      command.addAll(List.of("-H", "Hermes-Secret: " + SECRET));
    }
    command.add(url);
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor(10, TimeUnit.SECONDS);
    int nl = out.lastIndexOf('\n');
    return new String[] {out.substring(nl + 1).trim(), nl < 0 ? "" : out.substring(0, nl)};
  }

  private static String stderrs() {
    StringBuilder out = new StringBuilder();
    for (Started s : started) {
      try {
        out.append("\n--- stderr: ").append(s.stderr());
      } catch (IOException e) {
        out.append("\n--- stderr unreadable: ").append(e);
      }
    }
    return out.toString();
  }

  /** Why namespaces cannot be made here, or null when they can. */
  private static String cannotMakeNamespaces() {
    if (!System.getProperty("os.name").startsWith("Linux")) {
      return "not Linux";
    }
    String probe = "hermes-probe-" + SUFFIX;
    try {
      Process p = new ProcessBuilder("ip", "netns", "add", probe).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
        return "ip netns add failed: " + out + "; it needs root (CAP_SYS_ADMIN)";
      }
      new ProcessBuilder("ip", "netns", "del", probe).start().waitFor(10, TimeUnit.SECONDS);
      for (String tool : List.of("curl", "python3")) {
        if (new ProcessBuilder("sh", "-c", "command -v " + tool).start().waitFor() != 0) {
          return tool + " is missing";
        }
      }
      return null;
    } catch (IOException e) {
      return "no ip command (Debian's iproute2): " + e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }

  private static void link(String ns1, String if1, String ip1, String ns2, String if2, String ip2)
      throws Exception {
    ip("-n", ns1, "link", "add", if1, "type", "veth", "peer", "name", if2, "netns", ns2);
    ip("-n", ns1, "addr", "add", ip1 + "/24", "dev", if1);
    ip("-n", ns2, "addr", "add", ip2 + "/24", "dev", if2);
    ip("-n", ns1, "link", "set", if1, "up");
    ip("-n", ns2, "link", "set", if2, "up");
  }

  private static void ip(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("ip"));
    command.addAll(List.of(args));
    run(command);
  }

  private static void run(List<String> command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      fail(command + " failed: " + out);
    }
  }

  private static Started start(List<String> command) throws IOException {
    Path dir = Temp.dir("hermes-cross-c");
    Process p =
        new ProcessBuilder(command)
            .redirectOutput(dir.resolve("stdout").toFile())
            .redirectError(dir.resolve("stderr").toFile())
            .start();
    return new Started(p, dir.resolve("stdout"), dir.resolve("stderr"));
  }

  /** Deletes the namespaces, and so their links; what is already gone is no error. */
  private static synchronized void deleteNamespaces() {
    if (!made) {
      return;
    }
    for (String ns : List.of(A, B, C)) {
      try {
        new ProcessBuilder("ip", "netns", "del", ns)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start()
            .waitFor(10, TimeUnit.SECONDS);
      } catch (IOException e) {
        // nothing to delete
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    made = false;
  }
}
