package dev.hermes.agent.tree;

import dev.hermes.agent.support.TextEscaping;

/**
 * What of a string from the network may be echoed in a log line or an error answer: its first
 * {@value #MAX_CHARS} characters, escaped so that it cannot break the line, and its length when it
 * was cut. A join with a megabyte of {@code main} must not become a megabyte of stderr.
 *
 * <p>{@code Excerpt.of("x".repeat(5000))} is {@code "xxx...xxx... (5000 characters)"}.
 */
public final class Excerpt {
  /** The most characters of the original an excerpt keeps. */
  public static final int MAX_CHARS = 100;

  private Excerpt() {}

  /** {@code text} escaped, cut to {@link #MAX_CHARS} characters; {@code "null"} for null. */
  public static String of(String text) {
    if (text == null) {
      return "null";
    }
    if (text.length() <= MAX_CHARS) {
      return TextEscaping.escape(text);
    }
    return TextEscaping.escape(text.substring(0, MAX_CHARS))
        + "... ("
        + text.length()
        + " characters)";
  }
}
