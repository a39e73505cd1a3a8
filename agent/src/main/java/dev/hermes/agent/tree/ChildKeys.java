package dev.hermes.agent.tree;

import dev.hermes.api.Keys;

/**
 * The rule a child's key meets at its parent, one rule for both sides: a path of the key rule
 * ({@link Keys#isValidPath}) that is still one under the child's name ({@code <name>/<key>}, at
 * most {@link Keys#MAX_PATH_LENGTH} characters) and is not one of the parent's own ({@link
 * ChildFields#RESERVED}). The parent refuses a batch with such a key whole; the child withholds the
 * key instead of sending it.
 *
 * <p>{@code String problem = ChildKeys.problem("worker1", key); if (problem != null) // refuse}
 */
final class ChildKeys {
  private ChildKeys() {}

  /** Why {@code key} cannot be stored as {@code name + "/" + key} at the parent, or null. */
  static String problem(String name, String key) {
    if (key == null || !Keys.isValidPath(key) || key.startsWith(ChildFields.RESERVED)) {
      return "use keys of the rule; '" + ChildFields.RESERVED + "*' is the parent's";
    }
    return tooLong(name, key);
  }

  /**
   * Whether the parent takes {@code key}, a path already valid in the child's own store, as the
   * child named {@code name}: it must not be reserved there nor too long with the name in front.
   */
  static boolean sendable(String name, String key) {
    return !key.startsWith(ChildFields.RESERVED) && tooLong(name, key) == null;
  }

  /** Why a key {@link #sendable} refuses is withheld, in a few words. */
  static String whyWithheld(String name, String key) {
    return key.startsWith(ChildFields.RESERVED)
        ? "'" + ChildFields.RESERVED + "*' names are the parent's"
        : "as "
            + Excerpt.of(name)
            + "/... it would be "
            + (name.length() + 1 + key.length())
            + " characters, more than "
            + Keys.MAX_PATH_LENGTH;
  }

  private static String tooLong(String name, String key) {
    int length = name.length() + 1 + key.length();
    if (length <= Keys.MAX_PATH_LENGTH) {
      return null;
    }
    return "longer than "
        + Keys.MAX_PATH_LENGTH
        + " characters as "
        + Excerpt.of(name)
        + "/... at this parent ("
        + length
        + ")";
  }
}
