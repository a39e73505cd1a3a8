package dev.hermes.agent.http;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Where a renderer writes an answer: one buffer of {@link #SLICE} bytes, and UTF-8 encoders that
 * write into it directly (no string is built). Each time the buffer fills, it is handed on whole,
 * as one slice: kept while the sink is holding, or written to its stream, one write per slice, so
 * no write is larger than a slice (the JDK caches a temporary direct buffer as large as the largest
 * write from a heap array on each thread that writes to a socket).
 *
 * <ul>
 *   <li>{@link #holding(int, Opener)}: keeps up to a limit; past it, opens its stream (for an
 *       answer: sends the headers), writes what it held and goes on writing (see {@link
 *       SlicedAnswer});
 *   <li>{@link #writing(OutputStream)}: writes from the first slice.
 * </ul>
 *
 * The encoders give the bytes {@code String.getBytes(UTF_8)} gives, an unpaired surrogate included
 * ({@code '?'}).
 *
 * <p>{@code Sink sink = Sink.collecting(); sink.utf8("key"); byte[] b = sink.toByteArray();}
 */
final class Sink extends OutputStream {
  /** The most bytes handed on at once. */
  static final int SLICE = 64 * 1024;

  // The most bytes one encoder step writes: a \\uXXXX escape.
  private static final int STEP = 6;
  private static final byte[] HEX = {
    '0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'a', 'b', 'c', 'd', 'e', 'f'
  };

  /** Gives the stream a holding sink writes to once it outgrows its limit. */
  interface Opener {
    OutputStream open() throws IOException;
  }

  private final int holdLimit;
  private final Opener opener; // null: holds whatever it is given
  private OutputStream out; // null while holding
  private List<byte[]> held; // full slices, while holding
  private byte[] buf = new byte[SLICE];
  private int pos;
  private long drained; // bytes handed on (held or written) before buf

  private Sink(OutputStream out, int holdLimit, Opener opener) {
    this.out = out;
    this.holdLimit = holdLimit;
    this.opener = opener;
    this.held = out == null ? new ArrayList<>() : null;
  }

  /**
   * A sink that holds up to {@code limit} bytes and, past that, writes to the stream {@code opener}
   * opens; with no opener, it holds everything.
   */
  static Sink holding(int limit, Opener opener) {
    return new Sink(null, limit, opener);
  }

  /** A sink that holds everything: {@code holding(Integer.MAX_VALUE, null)}. */
  static Sink collecting() {
    return new Sink(null, Integer.MAX_VALUE, null);
  }

  /** A sink that writes each full slice to {@code out}; {@link #finish} writes the rest. */
  static Sink writing(OutputStream out) {
    return new Sink(out, 0, null);
  }

  /** The bytes written to this sink so far. */
  long size() {
    return drained + pos;
  }

  /** Whether every byte written is still here: the sink has not opened a stream. */
  boolean holdsAll() {
    return out == null;
  }

  /** Writes what is held, in slices, to {@code to}; only when {@link #holdsAll}. */
  void copyTo(OutputStream to) throws IOException {
    for (byte[] slice : held) {
      to.write(slice, 0, slice.length);
    }
    to.write(buf, 0, pos);
  }

  /** Every byte written, when {@link #holdsAll}. */
  byte[] toByteArray() {
    byte[] all = new byte[Math.toIntExact(size())];
    int at = 0;
    for (byte[] slice : held) {
      System.arraycopy(slice, 0, all, at, slice.length);
      at += slice.length;
    }
    System.arraycopy(buf, 0, all, at, pos);
    return all;
  }

  /**
   * Ends the answer: a writing sink writes its last, partial slice; a holding sink given more than
   * its limit opens its stream and writes it all; one within its limit keeps holding.
   */
  void finish() throws IOException {
    if (out == null && (opener == null || size() <= holdLimit)) {
      return;
    }
    if (out == null) {
      open();
    }
    if (pos > 0) {
      out.write(buf, 0, pos);
      drained += pos;
      pos = 0;
    }
  }

  private void open() throws IOException {
    out = opener.open();
    for (byte[] slice : held) {
      out.write(slice, 0, slice.length);
    }
    held = null;
  }

  private void drain() throws IOException {
    if (pos == 0) {
      return;
    }
    if (out == null && (opener == null || drained + pos <= holdLimit)) {
      if (pos == buf.length) {
        held.add(buf);
        buf = new byte[SLICE];
      } else {
        held.add(Arrays.copyOf(buf, pos));
      }
    } else {
      if (out == null) {
        open();
      }
      out.write(buf, 0, pos);
    }
    drained += pos;
    pos = 0;
  }

  /** Room for {@code n} more bytes (at most {@link #SLICE}) at {@code pos}. */
  private void room(int n) throws IOException {
    if (buf.length - pos < n) {
      drain();
    }
  }

  @Override
  public void write(int b) throws IOException {
    room(1);
    buf[pos++] = (byte) b;
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    while (len > 0) {
      room(1);
      int n = Math.min(len, buf.length - pos);
      System.arraycopy(b, off, buf, pos, n);
      pos += n;
      off += n;
      len -= n;
    }
  }

  /** Writes a character known to be ASCII. */
  void ascii(char c) throws IOException {
    room(1);
    buf[pos++] = (byte) c;
  }

  /** Writes a string known to be ASCII, e.g. a number. */
  void ascii(String s) throws IOException {
    copy(s, 0, s.length());
  }

  /** Writes bytes known to fit a slice, e.g. a constant: {@code static final byte[] X}. */
  void bytes(byte[] b) throws IOException {
    room(b.length);
    System.arraycopy(b, 0, buf, pos, b.length);
    pos += b.length;
  }

  /** Writes a non-negative whole number in decimal. */
  void decimal(long n) throws IOException {
    room(20);
    if (n == 0) {
      buf[pos++] = '0';
      return;
    }
    int digits = 0;
    for (long m = n; m > 0; m /= 10) {
      digits++;
    }
    int at = pos + digits;
    for (long m = n; m > 0; m /= 10) {
      buf[--at] = (byte) ('0' + (m % 10));
    }
    pos += digits;
  }

  /** Writes {@code s} as UTF-8. */
  void utf8(String s) throws IOException {
    utf8(s, 0, s.length());
  }

  /** Writes {@code s[from, to)} as UTF-8. */
  void utf8(String s, int from, int to) throws IOException {
    int i = from;
    while (i < to) {
      int end = i;
      while (end < to && s.charAt(end) < 0x80) {
        end++;
      }
      copy(s, i, end);
      if (end == to) {
        return;
      }
      room(STEP);
      i = multiByte(s, end, to) + 1;
    }
  }

  /**
   * Writes {@code s} escaped as the text format escapes values ({@code TextEscaping}: backslash,
   * LF, CR and TAB by letter; other control characters, DEL, C1 and U+2028/U+2029 as {@code
   * \\uXXXX}), as UTF-8.
   */
  void textEscaped(String s) throws IOException {
    int to = s.length();
    int i = 0;
    while (i < to) {
      int end = i;
      char c = 0;
      while (end < to && (c = s.charAt(end)) >= 0x20 && c < 0x7f && c != '\\') {
        end++;
      }
      copy(s, i, end);
      if (end == to) {
        return;
      }
      room(STEP);
      if (c == '\\') {
        escape('\\');
      } else if (c == '\n') {
        escape('n');
      } else if (c == '\r') {
        escape('r');
      } else if (c == '\t') {
        escape('t');
      } else if (c <= 0x9f || c == '\u2028' || c == '\u2029') {
        buf[pos++] = '\\';
        buf[pos++] = 'u';
        buf[pos++] = HEX[(c >> 12) & 0xf];
        buf[pos++] = HEX[(c >> 8) & 0xf];
        buf[pos++] = HEX[(c >> 4) & 0xf];
        buf[pos++] = HEX[c & 0xf];
      } else {
        end = multiByte(s, end, to);
      }
      i = end + 1;
    }
  }

  /**
   * Writes {@code s[from, to)} escaped as a Prometheus and OpenMetrics label value (backslash,
   * double quote and line feed), as UTF-8.
   */
  void labelEscaped(String s, int from, int to) throws IOException {
    int i = from;
    while (i < to) {
      int end = i;
      char c = 0;
      while (end < to && (c = s.charAt(end)) < 0x80 && c != '\\' && c != '"' && c != '\n') {
        end++;
      }
      copy(s, i, end);
      if (end == to) {
        return;
      }
      room(STEP);
      if (c == '\n') {
        escape('n');
      } else if (c < 0x80) {
        escape(c);
      } else {
        end = multiByte(s, end, to);
      }
      i = end + 1;
    }
  }

  /** Copies {@code s[from, to)}, all ASCII, a byte a character. */
  @SuppressWarnings("deprecation") // getBytes(int, int, byte[], int) is exactly this, and fast
  private void copy(String s, int from, int to) throws IOException {
    while (from < to) {
      if (pos == buf.length) {
        drain();
      }
      int n = Math.min(to - from, buf.length - pos);
      s.getBytes(from, from + n, buf, pos);
      pos += n;
      from += n;
    }
  }

  private void escape(char letter) {
    buf[pos++] = '\\';
    buf[pos++] = (byte) letter;
  }

  /**
   * Encodes the non-ASCII character at {@code i} (with its low surrogate, if it starts a pair that
   * ends before {@code to}); returns the index of the last character used. Room for {@link #STEP}
   * bytes is already there.
   */
  private int multiByte(String s, int i, int to) {
    char c = s.charAt(i);
    if (c < 0x800) {
      buf[pos++] = (byte) (0xc0 | (c >> 6));
      buf[pos++] = (byte) (0x80 | (c & 0x3f));
      return i;
    }
    if (!Character.isSurrogate(c)) {
      buf[pos++] = (byte) (0xe0 | (c >> 12));
      buf[pos++] = (byte) (0x80 | ((c >> 6) & 0x3f));
      buf[pos++] = (byte) (0x80 | (c & 0x3f));
      return i;
    }
    if (Character.isHighSurrogate(c) && i + 1 < to && Character.isLowSurrogate(s.charAt(i + 1))) {
      int cp = Character.toCodePoint(c, s.charAt(i + 1));
      buf[pos++] = (byte) (0xf0 | (cp >> 18));
      buf[pos++] = (byte) (0x80 | ((cp >> 12) & 0x3f));
      buf[pos++] = (byte) (0x80 | ((cp >> 6) & 0x3f));
      buf[pos++] = (byte) (0x80 | (cp & 0x3f));
      return i + 1;
    }
    buf[pos++] = '?'; // what String.getBytes(UTF_8) writes for an unpaired surrogate
    return i;
  }
}
