package dev.hermes.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Jetty 12's distribution from Maven Central ({@code org.eclipse.jetty:jetty-home}, the tar.gz the
 * failsafe property {@code launchers.jetty} names), set up as its documentation tells a user to: a
 * JETTY_HOME unpacked, a JETTY_BASE of one's own with the modules wanted.
 */
final class JettyHome {
  private JettyHome() {}

  /** Unpacks the distribution into {@code dir} ({@code tar xzf}); returns its JETTY_HOME. */
  static Path unpack(Path dir) throws Exception {
    return Archives.untar(Path.of(System.getProperty("launchers.jetty")), dir, "jetty-home");
  }

  /**
   * Makes {@code base} (created if missing) a JETTY_BASE with {@code modules} (comma-separated) and
   * what they depend on: {@code java -jar $JETTY_HOME/start.jar --add-modules=...}.
   */
  static Path base(Path home, Path base, String modules) throws Exception {
    Files.createDirectories(base);
    Cli added =
        Cli.exec(
            List.of(
                Jvm.java(),
                "-jar",
                home.resolve("start.jar").toString(),
                "jetty.base=" + base,
                "--add-modules=" + modules),
            Map.of());
    assertEquals(0, added.exit, added.toString());
    return base;
  }
}
