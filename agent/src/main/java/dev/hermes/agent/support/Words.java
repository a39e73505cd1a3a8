package dev.hermes.agent.support;

import java.util.ArrayList;
import java.util.List;

/**
 * The words of a rules-file line (probes, alerts): split on blanks, a double-quoted stretch one
 * word without its quotes, {@code \\} escaping the next character inside quotes.
 *
 * <p>{@code Words.split("a contains=\"x y\"") // [a, contains=x y]}
 */
public final class Words {
  private Words() {}

  /** Splits on blanks; a double-quoted stretch ({@code a="b c"}) is one word, without quotes. */
  public static List<String> split(String text) {
    List<String> words = new ArrayList<>();
    StringBuilder w = new StringBuilder();
    boolean quoted = false;
    boolean any = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quoted) {
        if (c == '\\' && i + 1 < text.length()) {
          w.append(text.charAt(++i));
        } else if (c == '"') {
          quoted = false;
        } else {
          w.append(c);
        }
      } else if (c == '"') {
        quoted = true;
        any = true;
      } else if (Character.isWhitespace(c)) {
        if (any) {
          words.add(w.toString());
          w.setLength(0);
          any = false;
        }
      } else {
        w.append(c);
        any = true;
      }
    }
    if (quoted) {
      throw new IllegalArgumentException("a quote is not closed");
    }
    if (any) {
      words.add(w.toString());
    }
    return words;
  }

  /** Whether {@code s}, the part of a word before its '=', names an option: letters only. */
  public static boolean isOptionName(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (!Character.isLetter(s.charAt(i))) {
        return false;
      }
    }
    return !s.isEmpty();
  }

  /** {@code file} as a rules file names it: relative to the rules file {@code base}'s folder. */
  public static java.nio.file.Path besides(java.nio.file.Path base, String file) {
    java.nio.file.Path p = java.nio.file.Path.of(file);
    return p.isAbsolute() || base == null ? p : base.resolveSibling(p);
  }
}
