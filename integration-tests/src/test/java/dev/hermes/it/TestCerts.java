package dev.hermes.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Self-signed test keys made with the JDK's keytool. */
final class TestCerts {
  private TestCerts() {}

  /**
   * Writes a PKCS#12 keystore {@code file} with an EC key under the alias {@code hermes}, valid two
   * days, for {@code san} (keytool's form, e.g. {@code ip:127.0.0.1,dns:localhost}).
   */
  static Path keystore(Path file, String san, String password) throws Exception {
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
                "CN=hermes-test",
                "-ext",
                "SAN=" + san,
                "-validity",
                "2",
                "-storetype",
                "PKCS12",
                "-keystore",
                file.toString(),
                "-storepass",
                password,
                "-keypass",
                password)
            .redirectErrorStream(true)
            .start();
    keytool.getInputStream().readAllBytes();
    assertTrue(keytool.waitFor(60, TimeUnit.SECONDS) && keytool.exitValue() == 0, "keytool");
    return file;
  }
}
