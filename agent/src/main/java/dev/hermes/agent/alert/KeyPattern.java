package dev.hermes.agent.alert;

import java.util.regex.Pattern;

/**
 * A pattern over key paths: {@code *} is any run of characters within one segment (never a {@code
 * /}), a {@code **} segment any number of child levels, none included. So {@code *}{@code
 * /hermes.child.state} is every direct child's state and {@code **}{@code /probe.*.status} every
 * probe's status in the subtree, this JVM's own included.
 */
final class KeyPattern {
  private final String text;
  private final Pattern regex;
  private final String suffix;

  private KeyPattern(String text, Pattern regex, String suffix) {
    this.text = text;
    this.regex = regex;
    this.suffix = suffix;
  }

  static KeyPattern compile(String text) {
    if (text.isEmpty()) {
      throw new IllegalArgumentException("an empty key pattern");
    }
    StringBuilder re = new StringBuilder();
    String[] segments = text.split("/", -1);
    for (int i = 0; i < segments.length; i++) {
      String s = segments[i];
      if (s.isEmpty()) {
        throw new IllegalArgumentException("[" + text + "] has an empty segment");
      }
      boolean last = i == segments.length - 1;
      if (s.equals("**")) {
        if (last) {
          throw new IllegalArgumentException("[" + text + "] ends with **; end it with a key");
        }
        re.append("(?:[^/]+/)*");
        continue;
      }
      for (int c = 0; c < s.length(); c++) {
        char ch = s.charAt(c);
        if (ch == '*') {
          re.append("[^/]*");
        } else if (ch == '.' || ch == '_' || Character.isLetterOrDigit(ch)) {
          re.append(ch == '.' ? "\\." : String.valueOf(ch));
        } else {
          throw new IllegalArgumentException(
              "[" + text + "]: '" + ch + "' is no key character; use letters, digits, _ . * /");
        }
      }
      if (!last) {
        re.append('/');
      }
    }
    String lastSegment = segments[segments.length - 1];
    int star = lastSegment.lastIndexOf('*');
    return new KeyPattern(
        text,
        Pattern.compile(re.toString()),
        star < 0 ? lastSegment : lastSegment.substring(star + 1));
  }

  /** Whether {@code key} matches; a cheap suffix test first, as every change in the tree asks. */
  boolean matches(String key) {
    return key.endsWith(suffix) && regex.matcher(key).matches();
  }

  @Override
  public String toString() {
    return text;
  }
}
