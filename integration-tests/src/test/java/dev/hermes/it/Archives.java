package dev.hermes.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** The distributions the tests run, unpacked as their documentation tells a user to. */
final class Archives {
  private Archives() {}

  /**
   * Unpacks {@code tarGz} into {@code dir} ({@code tar xzf}); returns the directory in {@code dir}
   * whose name starts with {@code prefix} (the distribution's top directory).
   */
  static Path untar(Path tarGz, Path dir, String prefix) throws Exception {
    Cli untar = Cli.exec(List.of("tar", "xzf", tarGz.toString(), "-C", dir.toString()), Map.of());
    assertEquals(0, untar.exit, untar.toString());
    try (Stream<Path> dirs = Files.list(dir)) {
      return dirs.filter(d -> d.getFileName().toString().startsWith(prefix))
          .findFirst()
          .orElseThrow();
    }
  }
}
