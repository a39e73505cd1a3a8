package dev.hermes.agent.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * A rules file looked at now and then (the probes and alerts files): a stat each look, the file
 * read only when its modification time or size changed. A file that is missing or unreadable reads
 * as empty (no rules), said once on stderr until it reads again.
 *
 * <p>{@code String text = watched.changed(); // null: unchanged since the last look}
 */
public final class WatchedFile {
  private final Path file;
  private final String what;
  private long seenModified = Long.MIN_VALUE;
  private long seenSize = -1;
  private String seenProblem;
  private boolean seenEmpty;

  /** {@code what} names the file in lines on stderr, e.g. {@code probes}. */
  public WatchedFile(Path file, String what) {
    this.file = file;
    this.what = what;
  }

  /** The file's text if it changed since the last look, "" when it is gone, else null. */
  public String changed() {
    try {
      long modified = Files.getLastModifiedTime(file).toMillis();
      long size = Files.size(file);
      if (modified == seenModified && size == seenSize) {
        return null;
      }
      String text = Files.readString(file, StandardCharsets.UTF_8);
      seenModified = modified;
      seenSize = size;
      seenProblem = null;
      seenEmpty = false;
      return text;
    } catch (NoSuchFileException e) {
      return gone(what + " [" + file + "] does not exist; no " + what + " until it does");
    } catch (IOException | RuntimeException e) {
      return gone(
          "cannot read "
              + what
              + " ["
              + file
              + "]: "
              + Log.describe(e)
              + "; no "
              + what
              + " until it reads");
    }
  }

  private String gone(String problem) {
    seenModified = Long.MIN_VALUE;
    if (!problem.equals(seenProblem)) {
      seenProblem = problem;
      Log.warn(problem);
    }
    if (seenEmpty) {
      return null;
    }
    seenEmpty = true;
    return "";
  }
}
