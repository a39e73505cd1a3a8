package dev.hermes.api;

/**
 * The key rules: a key is {@code ^\w([\w.]*\w)?$} (ASCII letters, digits, '_' and '.', not starting
 * or ending with '.') of at most {@value #MAX_LENGTH} characters; a path is keys joined by '/', the
 * separator of child namespaces, each segment a key and the whole at most {@value #MAX_PATH_LENGTH}
 * characters. So a key a child may report stays valid under the child's name at its parent, and a
 * tree is about four levels of the longest names deep.
 *
 * <p>{@code Keys.isValid("runner.status") // true}
 */
public final class Keys {
  /** The longest key, and the longest segment of a path, in characters. */
  public static final int MAX_LENGTH = 256;

  /** The longest path ({@code worker1/fetcher/status}) accepted, in characters. */
  public static final int MAX_PATH_LENGTH = 1024;

  private Keys() {}

  /** Whether {@code key} is a valid key of a process's own, e.g. {@code Keys.isValid("a.b")}. */
  public static boolean isValid(String key) {
    return problem(key, false) == null;
  }

  /** Whether {@code path} is a valid key of a child, e.g. {@code isValidPath("worker1/status")}. */
  public static boolean isValidPath(String path) {
    return problem(path, true) == null;
  }

  /**
   * Returns {@code key}, or throws naming the key, the rule and the fix.
   *
   * <p>{@code Keys.requireValid("runner.status")}
   */
  public static String requireValid(String key) {
    String problem = problem(key, false);
    if (problem != null) {
      throw new IllegalArgumentException("Invalid key [" + key + "]: " + problem);
    }
    return key;
  }

  /** Like {@link #requireValid} for a path of child segments ({@code "worker1/status"}). */
  public static String requireValidPath(String path) {
    String problem = problem(path, true);
    if (problem != null) {
      throw new IllegalArgumentException("Invalid key [" + path + "]: " + problem);
    }
    return path;
  }

  // A hand-written scan rather than a regex: report() calls this on every update.
  static String problem(String key, boolean pathAllowed) {
    if (key == null) {
      return "a key is required; use a name like 'runner.status'";
    }
    int length = key.length();
    if (length == 0) {
      return "a key must not be empty; use a name like 'runner.status'";
    }
    if (length > (pathAllowed ? MAX_PATH_LENGTH : MAX_LENGTH)) {
      return pathAllowed
          ? "longer than " + MAX_PATH_LENGTH + " characters in all (" + length + ")"
          : "longer than " + MAX_LENGTH + " characters (" + length + ")";
    }
    int segmentStart = 0;
    for (int i = 0; i < length; i++) {
      char c = key.charAt(i);
      if (c == '/') {
        if (!pathAllowed) {
          return "'/' is reserved for child namespaces; use '.'";
        }
        String edge = segmentProblem(key, segmentStart, i);
        if (edge != null) {
          return edge;
        }
        segmentStart = i + 1;
      } else if (c != '.' && !isWordChar(c)) {
        return "character '"
            + printable(c)
            + "' at index "
            + i
            + " is not allowed; use letters, digits, '_' and '.'";
      }
    }
    return segmentProblem(key, segmentStart, length);
  }

  private static String segmentProblem(String key, int start, int end) {
    if (start == end) {
      return "empty segment between '/'";
    }
    if (end - start > MAX_LENGTH) {
      return "a segment longer than " + MAX_LENGTH + " characters (" + (end - start) + ")";
    }
    if (key.charAt(start) == '.' || key.charAt(end - 1) == '.') {
      return "must not start or end with '.'";
    }
    return null;
  }

  private static boolean isWordChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  }

  private static String printable(char c) {
    return c < 0x20 || c == 0x7f ? String.format("\\u%04x", (int) c) : String.valueOf(c);
  }
}
