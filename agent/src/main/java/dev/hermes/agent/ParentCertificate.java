package dev.hermes.agent;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.util.function.LongPredicate;

/**
 * The certificate a TLS parent writes for its children to pin: {@code
 * <tmp>/hermes-parent-<pid>-<n>.pem}, deleted when its JVM exits. A parent ended by SIGKILL (or the
 * OOM killer) cannot delete its own, so each new one removes those of this user's parents no longer
 * running, as the JVM does with its {@code hsperfdata} files.
 */
final class ParentCertificate {
  static final String PREFIX = "hermes-parent-";
  static final String SUFFIX = ".pem";

  private ParentCertificate() {}

  /** A new, empty certificate file of process {@code pid}, deleted when this JVM exits. */
  static Path create(long pid) throws IOException {
    Path pem = Files.createTempFile(PREFIX + pid + "-", SUFFIX);
    pem.toFile().deleteOnExit();
    return pem;
  }

  /**
   * Removes the certificates beside {@code own} of processes {@code running} says are gone, if
   * owned by {@code own}'s owner; returns how many. Best effort: never fails.
   */
  static int removeStale(Path own, LongPredicate running) {
    int removed = 0;
    try (DirectoryStream<Path> files = Files.newDirectoryStream(own.toAbsolutePath().getParent())) {
      UserPrincipal owner = Files.getOwner(own);
      for (Path f : files) {
        long pid = pidOf(f.getFileName().toString());
        if (pid > 0 && !running.test(pid) && removable(f, owner)) {
          try {
            if (Files.deleteIfExists(f)) {
              removed++;
            }
          } catch (IOException | RuntimeException gone) {
            // removed meanwhile, or not ours to remove
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      // an unreadable temp dir: the files stay, as before
    }
    return removed;
  }

  private static boolean removable(Path f, UserPrincipal owner) {
    try {
      return Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)
          && owner.equals(Files.getOwner(f, LinkOption.NOFOLLOW_LINKS));
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  /** The pid in {@code hermes-parent-<pid>-<n>.pem}, or -1 for any other name. */
  static long pidOf(String name) {
    if (!name.startsWith(PREFIX) || !name.endsWith(SUFFIX)) {
      return -1;
    }
    int dash = name.indexOf('-', PREFIX.length());
    if (dash < 0 || dash + 1 >= name.length() - SUFFIX.length()) {
      return -1;
    }
    try {
      long pid = Long.parseLong(name.substring(PREFIX.length(), dash));
      return pid > 0 ? pid : -1;
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** Whether a process runs: {@code ProcessHandle}'s view. */
  static final class Running implements LongPredicate {
    @Override
    public boolean test(long pid) {
      return ProcessHandle.of(pid).isPresent();
    }
  }
}
