package dev.hermes.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The endpoint is locked down by default and survives what the network throws at it. */
class SecurityIT {
  private static final String SECRET = "s3cret-for-tests";

  @Test
  void wrongOrMissingSecretIs403OnEveryRouteButHealth() throws Exception {
    Tree tree = Tree.start(Map.of("HERMES_SECRET", SECRET), "", "key=role=root");
    try (Started root = tree.root) {
      root.awaitBody(tree.url + "/health", b -> true);
      for (String path : new String[] {"/", "/status", "/?type=json", "/nope"}) {
        assertEquals(403, Http.get(tree.url + path).status, path);
        Http.Response wrong = Http.get(tree.url + path, "Hermes-Secret", "guess");
        assertEquals(403, wrong.status, path);
        assertEquals("Forbidden: send the Hermes-Secret header\n", wrong.body);
      }
      for (String path : new String[] {"/hermes/join", "/hermes/update"}) {
        assertTrue(Http.post(tree.url + path, "{\"pid\":1}").startsWith("HTTP/1.1 403 "), path);
      }
      assertEquals(200, Http.get(tree.url + "/health").status);
      Http.Response right = Http.get(tree.url + "/", "Hermes-Secret", SECRET);
      assertEquals(200, right.status);
      assertEquals("root", TextLines.parse(right.body).get("role"));
      assertEquals(403, Http.get(tree.url + "/metrics", "Authorization", "Bearer guess").status);
      assertEquals(
          200,
          Http.get(tree.url + "/metrics", "Authorization", "Bearer " + SECRET).status,
          "a stock Prometheus scrape config sends the secret as a bearer token");
    }
  }

  @Test
  void childrenOfASecretTreeJoinWithoutTheSecretOnTheirCommandLine() throws Exception {
    Path secretFile = Temp.file("hermes-secret", ".txt");
    Files.writeString(secretFile, SECRET + "\n");
    Tree tree = Tree.start("secretFile=" + secretFile, "child=java,kid,key=role=kid");
    try (Started root = tree.root) {
      Map<String, String> text =
          TextLines.parse(
              root.awaitBody(
                      tree.url + "/", b -> b.contains("kid/role: kid"), "Hermes-Secret", SECRET)
                  .body);
      long kid = Long.parseLong(text.get("kid/hermes.child.pid"));
      String cmdline =
          new String(
              Files.readAllBytes(Path.of("/proc/" + kid + "/cmdline")), StandardCharsets.UTF_8);
      assertFalse(cmdline.contains(SECRET), cmdline);
      String kidUrl = text.get("kid/hermes.url");
      assertEquals(403, Http.get(kidUrl + "/").status, "the child's endpoint is locked too");
      assertEquals(200, Http.get(kidUrl + "/", "Hermes-Secret", SECRET).status);
    }
  }

  @Test
  void nonLoopbackBindWithoutASecretStaysOnLoopback() throws Exception {
    int port = Jvm.freePort();
    try (Started app =
        Jvm.withAgent("port=" + port + ",bind=0.0.0.0,jmx=off")
            .classPath(Jvm.apps())
            .main("dev.hermes.it.apps.PlainApp", "60000")
            .start()) {
      app.awaitBody("http://127.0.0.1:" + port + "/health", b -> true);
      assertEquals(List.of("127.0.0.1"), listeningAddresses(app.pid(), port));
      assertEquals(
          "[hermes] pid "
              + app.pid()
              + ": bind=0.0.0.0 reaches beyond this host and no secret is set"
              + " (secretFile= or HERMES_SECRET); listening on 127.0.0.1 only\n",
          app.stderr());
    }
  }

  @Test
  void nonLoopbackBindWithASecretIsHonoured() throws Exception {
    int port = Jvm.freePort();
    try (Started app =
        Jvm.withAgent("port=" + port + ",bind=0.0.0.0,jmx=off")
            .env("HERMES_SECRET", SECRET)
            .classPath(Jvm.apps())
            .main("dev.hermes.it.apps.PlainApp", "60000")
            .start()) {
      app.awaitBody("http://127.0.0.1:" + port + "/", b -> true, "Hermes-Secret", SECRET);
      assertEquals(List.of("0.0.0.0"), listeningAddresses(app.pid(), port));
    }
  }

  @Test
  void oversizeBodyIs413AndOversizeHeadIsCutOff() throws Exception {
    Tree tree = Tree.start("", "key=role=root");
    try (Started root = tree.root) {
      tree.await("role: root");
      // Declares a body over the 1 MiB limit; the answer comes before any of it is read.
      String tooBig =
          "POST /hermes/join HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 1100000\r\n\r\n{\"pid\":1";
      assertTrue(Http.rawHead(tree.url, tooBig).startsWith("HTTP/1.1 413 "));
      String hugeHeader =
          "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: " + "a".repeat(200_000) + "\r\n\r\n";
      String answer;
      try {
        answer = Http.raw(tree.url, hugeHeader);
      } catch (java.io.IOException reset) {
        answer = "";
      }
      assertFalse(answer.startsWith("HTTP/1.1 200"), answer);
      assertEquals("root", tree.await("role: root").get("role"), "still serving");
    }
  }

  @Test
  void slowClientsAreCutOffAndOthersAreServedMeanwhile() throws Exception {
    Tree tree = Tree.start("", "key=role=root");
    try (Started root = tree.root) {
      tree.await("role: root");
      java.net.URI uri = java.net.URI.create(tree.url);
      List<Socket> slow = new ArrayList<>();
      try {
        for (int i = 0; i < 6; i++) {
          Socket s = new Socket(uri.getHost(), uri.getPort());
          OutputStream out = s.getOutputStream();
          out.write("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n".getBytes(StandardCharsets.US_ASCII));
          out.flush();
          slow.add(s);
        }
        assertEquals(200, Http.get(tree.url + "/").status, "served while slow clients wait");
        for (Socket s : slow) {
          s.setSoTimeout(20_000);
          InputStream in = s.getInputStream();
          int read;
          try {
            read = in.read();
          } catch (SocketTimeoutException stillOpen) {
            throw new AssertionError("a slow client was not cut off", stillOpen);
          } catch (java.io.IOException reset) {
            read = -1;
          }
          assertEquals(-1, read, "the server closed the slow connection");
        }
      } finally {
        for (Socket s : slow) {
          s.close();
        }
      }
    }
  }

  /** The addresses the JVM listens on at {@code port}, from /proc (no traffic needed). */
  static List<String> listeningAddresses(long pid, int port) throws Exception {
    List<String> found = new ArrayList<>();
    String hexPort = String.format(":%04X", port);
    for (String table : new String[] {"tcp", "tcp6"}) {
      for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/net/" + table))) {
        String[] f = line.trim().split("\\s+");
        if (f.length > 3 && f[1].endsWith(hexPort) && f[3].equals("0A")) {
          found.add(ipv4(f[1].substring(0, f[1].indexOf(':'))));
        }
      }
    }
    return found;
  }

  /** A /proc address as dotted IPv4: "::" is any (0.0.0.0), "::ffff:a.b.c.d" is a.b.c.d. */
  private static String ipv4(String hex) {
    String v4 = hex.length() == 8 ? hex : hex.substring(24);
    if (hex.length() == 32 && hex.startsWith("0000000000000000FFFF0000") == false) {
      return hex.equals("0".repeat(32)) ? "0.0.0.0" : hex;
    }
    return Integer.parseInt(v4.substring(6, 8), 16)
        + "."
        + Integer.parseInt(v4.substring(4, 6), 16)
        + "."
        + Integer.parseInt(v4.substring(2, 4), 16)
        + "."
        + Integer.parseInt(v4.substring(0, 2), 16);
  }
}
