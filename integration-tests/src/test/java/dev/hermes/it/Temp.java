package dev.hermes.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Temporary files and directories that are gone when the tests end, with all they then hold: a test
 * may read them after its JVMs are closed, so they are deleted when the test JVM exits.
 */
final class Temp {
  private static final List<Path> CREATED = new ArrayList<>();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(Temp::deleteAll, "it-temp-cleanup"));
  }

  private Temp() {}

  /** A new empty file in the temporary directory. */
  static Path file(String prefix, String suffix) throws IOException {
    return remember(Files.createTempFile(prefix, suffix));
  }

  /** A new empty directory in the temporary directory. */
  static Path dir(String prefix) throws IOException {
    return remember(Files.createTempDirectory(prefix));
  }

  private static synchronized Path remember(Path path) {
    CREATED.add(path);
    return path;
  }

  /**
   * Deletes {@code path} and, if a directory, all it holds (links are deleted, not followed), as
   * far as it can: what cannot be deleted stays, without a word. Nothing if it does not exist.
   */
  static void delete(Path path) throws IOException {
    if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
      try (Stream<Path> all = Files.walk(path)) {
        all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static synchronized void deleteAll() {
    for (Path path : CREATED) {
      try {
        delete(path);
      } catch (IOException | UncheckedIOException e) {
        // best effort at exit
      }
    }
  }
}
