package dev.hermes.agent.pull;

import java.io.IOException;
import java.io.InputStream;

/**
 * A strict JSON token reader (RFC 8259, UTF-8) over a stream, as small as a pulled answer needs:
 * {@link SeedAnswer} reads the seed's shape with it, so pulling loads no JSON library (Jackson's
 * parser was some 70 classes and 0.7 MB of class bytes in every pulling JVM). Numbers are kept as
 * their text; nothing is read past the token asked for. Malformed input is {@link
 * SeedAnswer.NotSeedJson}; what the stream throws (a time-out, {@link TooLarge}) passes through.
 *
 * <p>{@code SeedJson j = new SeedJson(in); if (j.next() == SeedJson.START_OBJECT) ...}
 */
final class SeedJson {
  static final int END = 0;
  static final int START_OBJECT = 1;
  static final int END_OBJECT = 2;
  static final int START_ARRAY = 3;
  static final int END_ARRAY = 4;
  static final int FIELD_NAME = 5;
  static final int STRING = 6;
  static final int NUMBER = 7;
  static final int TRUE = 8;
  static final int FALSE = 9;
  static final int NULL = 10;

  /**
   * The deepest nesting read (Jackson's default too): the seed's shape is two deep, and deeper
   * values are only skipped, so an answer of nested brackets is refused rather than held in memory.
   */
  static final int MAX_DEPTH = 1000;

  private final InputStream in;
  private final byte[] buffer = new byte[8192];
  private int pos;
  private int limit;
  private long offset; // bytes of the stream before buffer[0]
  private final StringBuilder text = new StringBuilder();

  // The containers open, innermost last: true for an object. Grown as needed.
  private boolean[] open = new boolean[16];
  private int depth;
  // What may come next: a value (after '[', ':' or ',' in an array, or at the start), a name
  // (after '{' or ',' in an object), or a ',' or the container's end (after a value).
  private boolean afterValue;
  private boolean expectName;
  // Whether the container just opened may close at once (no ',' seen in it yet).
  private boolean emptyJustOpened;
  private boolean started;
  private boolean done;

  SeedJson(InputStream in) {
    this.in = in;
  }

  /** Whether {@code token} is a string, number, boolean or null. */
  static boolean isScalar(int token) {
    return token >= STRING;
  }

  /** The text of the last name, string or number; {@code true}/{@code false}/{@code null} too. */
  String text() {
    return text.toString();
  }

  /** The next token, or {@link #END} after the top-level value. */
  int next() throws IOException {
    if (done) {
      return END;
    }
    if (!started) {
      started = true;
      return first();
    }
    int c = skipSpace();
    if (afterValue) {
      boolean object = depth > 0 && open[depth - 1];
      if (c == (object ? '}' : ']')) {
        pos++;
        return close(object);
      }
      if (c != ',') {
        throw unexpected(c, object ? "',' or '}'" : "',' or ']'");
      }
      pos++;
      afterValue = false;
      expectName = object;
      c = skipSpace();
    } else if (c == '}' && expectName && depth > 0 && open[depth - 1] && emptyJustOpened) {
      pos++;
      return close(true);
    } else if (c == ']' && !expectName && depth > 0 && !open[depth - 1] && emptyJustOpened) {
      pos++;
      return close(false);
    }
    emptyJustOpened = false;
    if (expectName) {
      if (c != '"') {
        throw unexpected(c, "a name in quotes");
      }
      pos++;
      string();
      if (skipSpace() != ':') {
        throw unexpected(peek(), "':'");
      }
      pos++;
      expectName = false;
      return FIELD_NAME;
    }
    return value(c);
  }

  private int value(int c) throws IOException {
    switch (c) {
      case '{':
        pos++;
        push(true);
        return START_OBJECT;
      case '[':
        pos++;
        push(false);
        return START_ARRAY;
      case '"':
        pos++;
        string();
        return scalar(STRING);
      case 't':
        word("true");
        return scalar(TRUE);
      case 'f':
        word("false");
        return scalar(FALSE);
      case 'n':
        word("null");
        return scalar(NULL);
      default:
        if (c == '-' || (c >= '0' && c <= '9')) {
          number();
          return scalar(NUMBER);
        }
        throw unexpected(c, "a value");
    }
  }

  // The first token: an empty answer has none (END), and a UTF-8 byte order mark is skipped.
  private int first() throws IOException {
    if (more() && (buffer[pos] & 0xff) == 0xef) {
      pos++;
      if (read() != 0xbb || read() != 0xbf) {
        throw invalidUtf8();
      }
    }
    while (more()) {
      int c = buffer[pos] & 0xff;
      if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
        return value(c);
      }
      pos++;
    }
    done = true;
    return END;
  }

  /**
   * Skips what the last token opened, to its end, when it was {@link #START_OBJECT} or {@link
   * #START_ARRAY}; else nothing.
   */
  void skipChildren(int token) throws IOException {
    if (token != START_OBJECT && token != START_ARRAY) {
      return;
    }
    int level = 1;
    while (level > 0) {
      int t = next();
      if (t == START_OBJECT || t == START_ARRAY) {
        level++;
      } else if (t == END_OBJECT || t == END_ARRAY) {
        level--;
      } else if (t == END) {
        throw ended();
      }
    }
  }

  private void push(boolean object) throws SeedAnswer.NotSeedJson {
    if (depth == MAX_DEPTH) {
      throw new SeedAnswer.NotSeedJson("not JSON: nested deeper than " + MAX_DEPTH + at());
    }
    if (depth == open.length) {
      open = java.util.Arrays.copyOf(open, depth * 2);
    }
    open[depth++] = object;
    expectName = object;
    afterValue = false;
    emptyJustOpened = true;
  }

  private int close(boolean object) {
    depth--;
    emptyJustOpened = false;
    afterValue();
    return object ? END_OBJECT : END_ARRAY;
  }

  private int scalar(int token) {
    afterValue();
    return token;
  }

  private void afterValue() {
    afterValue = depth > 0;
    expectName = false;
    done = depth == 0;
  }

  private int skipSpace() throws IOException {
    while (true) {
      if (pos == limit && !fill()) {
        throw ended();
      }
      int c = buffer[pos] & 0xff;
      if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
        return c;
      }
      pos++;
    }
  }

  private int peek() throws IOException {
    if (pos == limit && !fill()) {
      throw ended();
    }
    return buffer[pos] & 0xff;
  }

  private int read() throws IOException {
    int c = peek();
    pos++;
    return c;
  }

  private boolean fill() throws IOException {
    offset += limit;
    pos = 0;
    limit = 0;
    int n = in.read(buffer, 0, buffer.length);
    if (n <= 0) {
      return false;
    }
    limit = n;
    return true;
  }

  private void word(String word) throws IOException {
    for (int i = 0; i < word.length(); i++) {
      int c = read();
      if (c != word.charAt(i)) {
        throw unexpectedRead(c, "'" + word + "'");
      }
    }
    text.setLength(0);
    text.append(word);
    delimited();
  }

  // A literal or number must end at a delimiter (or the end), not run into letters: "truex".
  private void delimited() throws IOException {
    if (pos == limit && !fill()) {
      return;
    }
    int c = buffer[pos] & 0xff;
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_') {
      throw unexpected(c, "a delimiter after the value");
    }
  }

  private void number() throws IOException {
    text.setLength(0);
    int c = peek();
    if (c == '-') {
      text.append('-');
      pos++;
      c = peek();
    }
    if (c == '0') {
      text.append('0');
      pos++;
    } else if (c >= '1' && c <= '9') {
      digits();
    } else {
      throw unexpected(c, "a digit");
    }
    if (more() && buffer[pos] == '.') {
      text.append('.');
      pos++;
      if (!isDigit(peek())) {
        throw unexpected(peek(), "a digit after '.'");
      }
      digits();
    }
    if (more() && (buffer[pos] == 'e' || buffer[pos] == 'E')) {
      text.append((char) buffer[pos]);
      pos++;
      c = peek();
      if (c == '+' || c == '-') {
        text.append((char) c);
        pos++;
      }
      if (!isDigit(peek())) {
        throw unexpected(peek(), "a digit in the exponent");
      }
      digits();
    }
    delimited();
    if (depth == 0 && more()) {
      int next = buffer[pos] & 0xff;
      if (next != ' ' && next != '\n' && next != '\r' && next != '\t') {
        throw unexpected(next, "a space after a top-level number"); // as Jackson has it
      }
    }
  }

  private void digits() throws IOException {
    while (more() && isDigit(buffer[pos])) {
      text.append((char) buffer[pos]);
      pos++;
    }
  }

  private boolean more() throws IOException {
    return pos < limit || fill();
  }

  private static boolean isDigit(int c) {
    return c >= '0' && c <= '9';
  }

  // After the opening quote: the string's text, escapes resolved, UTF-8 decoded and checked.
  private void string() throws IOException {
    text.setLength(0);
    while (true) {
      int c = read();
      if (c == '"') {
        return;
      }
      if (c == '\\') {
        escape();
      } else if (c < 0x20) {
        throw new SeedAnswer.NotSeedJson(
            "not JSON: a control character (code " + c + ") in a string" + at());
      } else if (c < 0x80) {
        text.append((char) c);
      } else {
        utf8(c);
      }
    }
  }

  private void escape() throws IOException {
    int c = read();
    switch (c) {
      case '"':
      case '\\':
      case '/':
        text.append((char) c);
        return;
      case 'b':
        text.append('\b');
        return;
      case 'f':
        text.append('\f');
        return;
      case 'n':
        text.append('\n');
        return;
      case 'r':
        text.append('\r');
        return;
      case 't':
        text.append('\t');
        return;
      case 'u':
        int v = 0;
        for (int i = 0; i < 4; i++) {
          int h = Character.digit(read(), 16);
          if (h < 0) {
            throw new SeedAnswer.NotSeedJson("not JSON: a \\u escape without 4 hex digits" + at());
          }
          v = v * 16 + h;
        }
        text.append((char) v);
        return;
      default:
        throw unexpectedRead(c, "an escape (\\\", \\\\, \\/, \\b, \\f, \\n, \\r, \\t, \\u)");
    }
  }

  private void utf8(int lead) throws IOException {
    int more;
    int cp;
    if (lead >= 0xc2 && lead <= 0xdf) {
      more = 1;
      cp = lead & 0x1f;
    } else if (lead >= 0xe0 && lead <= 0xef) {
      more = 2;
      cp = lead & 0x0f;
    } else if (lead >= 0xf0 && lead <= 0xf4) {
      more = 3;
      cp = lead & 0x07;
    } else {
      throw invalidUtf8();
    }
    for (int i = 0; i < more; i++) {
      int c = read();
      if ((c & 0xc0) != 0x80) {
        throw invalidUtf8();
      }
      cp = (cp << 6) | (c & 0x3f);
    }
    if ((more == 2 && cp < 0x800) || (more == 3 && (cp < 0x10000 || cp > 0x10ffff))) {
      throw invalidUtf8(); // an overlong form, or beyond Unicode
    }
    if (more == 2 && cp >= 0xd800 && cp <= 0xdfff) {
      throw invalidUtf8(); // a surrogate, which UTF-8 does not encode
    }
    text.appendCodePoint(cp);
  }

  private SeedAnswer.NotSeedJson invalidUtf8() {
    return new SeedAnswer.NotSeedJson("not JSON: invalid UTF-8" + at());
  }

  static SeedAnswer.NotSeedJson ended() {
    return new SeedAnswer.NotSeedJson("not JSON: it ends early");
  }

  private SeedAnswer.NotSeedJson unexpected(int c, String expected) {
    return new SeedAnswer.NotSeedJson(
        "not JSON: unexpected " + describe(c) + ", expected " + expected + at());
  }

  // For a character already consumed.
  private SeedAnswer.NotSeedJson unexpectedRead(int c, String expected) {
    pos--;
    return unexpected(c, expected);
  }

  private String at() {
    return " at byte " + (offset + pos);
  }

  private static String describe(int c) {
    return c >= 0x20 && c < 0x7f ? "'" + (char) c + "'" : "byte " + c;
  }
}
