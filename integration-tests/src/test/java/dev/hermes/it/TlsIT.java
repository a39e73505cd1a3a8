package dev.hermes.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Base64;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** HTTPS end to end: a TLS root, and a child that joins it over TLS. */
class TlsIT {
  private static final String PASSWORD = "changeit";
  private static Path keystore;
  private static SSLContext client;

  @BeforeAll
  static void keys() throws Exception {
    Path dir = Temp.dir("hermes-tls");
    keystore = dir.resolve("hermes.p12");
    TestCerts.keystore(keystore, "ip:127.0.0.1,dns:localhost", PASSWORD);
    KeyStore ks = load(keystore);
    TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
    tmf.init(ks);
    client = SSLContext.getInstance("TLS");
    client.init(null, tmf.getTrustManagers(), null);
  }

  @Test
  void pkcs12TreeServesHttpsAndTheChildJoinsOverTls() throws Exception {
    Tree tree =
        Tree.start(
            Map.of("HERMES_TLS", keystore.toString(), "HERMES_TLS_PASSWORD", PASSWORD),
            "",
            "child=java,kid,key=role=kid");
    try (Started root = tree.root) {
      Map<String, String> text = awaitTls(tree, "kid/role: kid");
      assertTrue(text.get("hermes.url").startsWith("https://"), text.get("hermes.url"));
      assertTrue(text.get("kid/hermes.url").startsWith("https://"), "the child inherited TLS");
      String plain = tree.url.replace("https://", "http://");
      assertThrows(IOException.class, () -> Http.get(plain + "/"), "plain HTTP gets nothing");
    }
  }

  @Test
  void pemRootIsJoinedOverTlsByAPlainChild() throws Exception {
    Path pem = toPem(keystore);
    Tree tree = Tree.start("tls=" + pem, "child=java,kid,key=role=kid");
    try (Started root = tree.root) {
      Map<String, String> text = awaitTls(tree, "kid/role: kid");
      assertTrue(text.get("kid/hermes.url").startsWith("http://"), "TLS was an argument");
      assertEquals("running", text.get("kid/hermes.child.state"));
    }
  }

  @Test
  void aKilledParentsCertificateIsRemovedByTheNextParent() throws Exception {
    // A TLS parent writes its certificate for children to the temp dir, deleted at exit; one ended
    // by SIGKILL cannot: the next TLS parent removes it.
    Path pem = toPem(keystore);
    Tree first = Tree.start("tls=" + pem, "key=role=first");
    Path left;
    try (Started root = first.root) {
      awaitTls(first, "role: first");
      left = certificateOf(root.pid());
      root.process.destroyForcibly().waitFor();
      assertTrue(Files.exists(left), "SIGKILL leaves it");
    }
    Tree second = Tree.start("tls=" + pem, "key=role=second");
    try (Started root = second.root) {
      awaitTls(second, "role: second");
      Path own = certificateOf(root.pid());
      assertFalse(Files.exists(left), left + " of the killed parent is still there");
      assertTrue(Files.exists(own));
    }
  }

  /** The certificate file the TLS parent {@code pid} wrote for its children (waits up to 10 s). */
  private static Path certificateOf(long pid) throws Exception {
    Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
    for (int i = 0; i < 200; i++) {
      try (java.util.stream.Stream<Path> files = Files.list(tmp)) {
        java.util.Optional<Path> found =
            files
                .filter(f -> f.getFileName().toString().startsWith("hermes-parent-" + pid + "-"))
                .findFirst();
        if (found.isPresent()) {
          return found.get();
        }
      }
      Thread.sleep(50);
    }
    throw new AssertionError("no certificate of " + pid + " in " + tmp);
  }

  private static Map<String, String> awaitTls(Tree tree, String line) throws Exception {
    String last = "";
    for (int i = 0; i < 200; i++) {
      try {
        last = Http.get(client, tree.url + "/").body;
        if (("\n" + last).contains("\n" + line + "\n")) {
          return TextLines.parse(last);
        }
      } catch (IOException notYet) {
        last = notYet.toString();
      }
      Thread.sleep(100);
    }
    throw new AssertionError("never saw [" + line + "]: " + last + " " + tree.root.stderr());
  }

  private static KeyStore load(Path p12) throws Exception {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(p12)) {
      ks.load(in, PASSWORD.toCharArray());
    }
    return ks;
  }

  private static Path toPem(Path p12) throws Exception {
    KeyStore ks = load(p12);
    Base64.Encoder b64 = Base64.getMimeEncoder(64, new byte[] {'\n'});
    String pem =
        "-----BEGIN PRIVATE KEY-----\n"
            + b64.encodeToString(ks.getKey("hermes", PASSWORD.toCharArray()).getEncoded())
            + "\n-----END PRIVATE KEY-----\n-----BEGIN CERTIFICATE-----\n"
            + b64.encodeToString(ks.getCertificate("hermes").getEncoded())
            + "\n-----END CERTIFICATE-----\n";
    Path file = p12.resolveSibling("hermes.pem");
    Files.writeString(file, pem, StandardCharsets.US_ASCII);
    return file;
  }
}
