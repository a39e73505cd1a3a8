package dev.hermes.agent.support;

/**
 * The text format's escaping, so that no value can forge a line: {@code \} becomes {@code \\}, LF
 * {@code \n}, CR {@code \r}, TAB {@code \t}, and every other control character (C0, DEL, C1) and
 * U+2028/U+2029 becomes {@code \}{@code uXXXX}. Shared by the endpoint and the CLI.
 *
 * <p>{@code TextEscaping.escape("a\nb") // "a\\nb"}
 */
public final class TextEscaping {
  private TextEscaping() {}

  /** {@code value} escaped. */
  public static String escape(String value) {
    StringBuilder out = new StringBuilder(value.length() + 8);
    append(out, value);
    return out.toString();
  }

  /** Appends {@code value}, escaped, to {@code out}. */
  public static void append(StringBuilder out, String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\\') {
        out.append("\\\\");
      } else if (c == '\n') {
        out.append("\\n");
      } else if (c == '\r') {
        out.append("\\r");
      } else if (c == '\t') {
        out.append("\\t");
      } else if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029') {
        out.append("\\u").append(HEX[(c >> 12) & 0xf]).append(HEX[(c >> 8) & 0xf]);
        out.append(HEX[(c >> 4) & 0xf]).append(HEX[c & 0xf]);
      } else {
        out.append(c);
      }
    }
  }

  private static final char[] HEX = "0123456789abcdef".toCharArray();
}
