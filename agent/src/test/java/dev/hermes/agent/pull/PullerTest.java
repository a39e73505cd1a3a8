package dev.hermes.agent.pull;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.hermes.agent.config.AgentArgs;
import dev.hermes.agent.tls.TlsContext;
import dev.hermes.agent.tree.ChildRegistry;
import dev.hermes.api.StatusStore;
import dev.hermes.api.TestStores;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pulling over HTTPS against a real server (a self-signed certificate for 127.0.0.1): a pinned
 * certificate ({@code cert=}) is trusted whatever the host name, a CA file ({@code ca=}) with the
 * host name checked, the JDK's trust store not at all; the secret is sent; the children file is
 * re-read, a child removed from it forgotten and one added pulled.
 */
class PullerTest {
  private static final String PASSWORD = "changeit";
  private static final String SECRET = "puller-s3cret";

  @TempDir static Path dir;
  private static HttpsServer server;
  private static ExecutorService threads;
  private static Path leaf;
  private static volatile String sawSecret;

  @BeforeAll
  static void serve() throws Exception {
    Path p12 = dir.resolve("server.p12");
    Process keytool =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair",
                "-alias",
                "hermes",
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-dname",
                "CN=test",
                "-ext",
                "SAN=ip:127.0.0.1",
                "-validity",
                "2",
                "-storetype",
                "PKCS12",
                "-keystore",
                p12.toString(),
                "-storepass",
                PASSWORD,
                "-keypass",
                PASSWORD)
            .redirectErrorStream(true)
            .start();
    keytool.getInputStream().readAllBytes();
    assertTrue(keytool.waitFor(60, TimeUnit.SECONDS) && keytool.exitValue() == 0, "keytool");
    leaf = dir.resolve("leaf.pem");
    TlsContext.writeLeafCertificate(p12, PASSWORD, leaf);
    server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(TlsContext.forServer(p12, PASSWORD)));
    threads = Executors.newCachedThreadPool();
    server.setExecutor(threads);
    server.createContext("/seed", PullerTest::seed);
    server.start();
  }

  @AfterAll
  static void stop() {
    server.stop(0);
    threads.shutdownNow();
  }

  private static void seed(HttpExchange ex) throws IOException {
    sawSecret = ex.getRequestHeaders().getFirst("Hermes-Secret");
    byte[] body = "{\"up\": {\"value\": \"yes\", \"age\": 0.5}}".getBytes(StandardCharsets.UTF_8);
    ex.sendResponseHeaders(200, body.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(body);
    }
  }

  private static void await(BooleanSupplier condition, StatusStore store) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      if (condition.getAsBoolean()) {
        return;
      }
      Thread.sleep(50);
    }
    fail("not reached; the store: " + store.snapshot(""));
  }

  private static String value(StatusStore store, String key) {
    return store.get(key).map(s -> s.value()).orElse(null);
  }

  @Test
  void httpsByPinnedCertificateOrCaFileAndAFileThatChanges() throws Exception {
    int port = server.getAddress().getPort();
    String ip = "https://127.0.0.1:" + port + "/seed";
    String named = "https://localhost:" + port + "/seed";
    Path file = dir.resolve("children");
    Files.writeString(
        file,
        "# pulled over TLS\n"
            + "pinned = "
            + ip
            + " cert=leaf.pem\n"
            + "byca="
            + ip
            + " ca="
            + leaf
            + "\n"
            + "jdkstore="
            + ip
            + "\n"
            + "wronghost="
            + named
            + " ca=leaf.pem\n"
            + "pinnedname="
            + named
            + " cert=leaf.pem\n"
            + "bad line\n");
    StatusStore store = TestStores.fresh();
    ChildRegistry registry = new ChildRegistry(store, Duration.ofSeconds(10));
    Puller puller =
        Puller.start(
            AgentArgs.parse(
                "secret=" + SECRET + ",pullInterval=0.5,childrenFile=" + file, Map.of()),
            registry);
    try {
      await(
          () ->
              "yes".equals(value(store, "pinned/up"))
                  && "yes".equals(value(store, "byca/up"))
                  && "yes".equals(value(store, "pinnedname/up"))
                  && value(store, "jdkstore/hermes.child.error") != null
                  && value(store, "wronghost/hermes.child.error") != null,
          store);
      assertEquals(SECRET, sawSecret);
      assertEquals("running", value(store, "byca/hermes.child.state"));
      assertEquals("not_answering", value(store, "jdkstore/hermes.child.state"));
      assertTrue(value(store, "jdkstore/hermes.child.error").startsWith("TLS: "));
      assertTrue(value(store, "wronghost/hermes.child.error").startsWith("TLS: "));

      Files.writeString(file, "byca=" + ip + " ca=" + leaf + "\nadded=" + ip + " cert=" + leaf);
      await(
          () ->
              "yes".equals(value(store, "added/up"))
                  && value(store, "pinned/hermes.child.state") == null
                  && value(store, "jdkstore/hermes.child.state") == null,
          store);
      assertEquals(List.of("byca", "added"), registry.names());
      assertFalse(store.snapshot("pinnedname/").size() > 0);
    } finally {
      puller.stop();
    }
  }
}
