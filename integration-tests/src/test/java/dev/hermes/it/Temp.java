package dev.hermes.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
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

  private static synchronized void deleteAll() {
    for (Path path : CREATED) {
      try {
        delete(path);
      } catch (IOException | UncheckedIOException e) {
        // best effort at exit: a file still held open by a process stays
      }
    }
  }

  private static void delete(Path path) throws IOException {
    if (!Files.exists(path)) {
      return;
    }
    if (Files.isDirectory(path) && !Files.isSymbolicLink(path)) {
      try (Stream<Path> all = Files.walk(path)) {
        for (Path p : all.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) {
          Files.deleteIfExists(p);
        }
      }
    } else {
      Files.deleteIfExists(path);
    }
  }
}
