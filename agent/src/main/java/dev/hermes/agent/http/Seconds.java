package dev.hermes.agent.http;

import java.io.IOException;

/**
 * How every format writes a duration: seconds rounded to the millisecond, without trailing zeros.
 *
 * <p>{@code Seconds.of(1_250_000_000L)} is {@code "1.25"}.
 */
final class Seconds {
  private Seconds() {}

  /** Nanoseconds as seconds rounded to the millisecond, without trailing zeros: 1.25, 30, 0.001. */
  static String of(long nanos) {
    long millis = nanos / 1_000_000 + (nanos % 1_000_000 >= 500_000 ? 1 : 0);
    long whole = millis / 1000;
    int fraction = (int) (millis % 1000);
    if (fraction == 0) {
      return Long.toString(whole);
    }
    String digits =
        fraction < 10 ? "00" + fraction : fraction < 100 ? "0" + fraction : "" + fraction;
    int end = digits.length();
    while (digits.charAt(end - 1) == '0') {
      end--;
    }
    return whole + "." + digits.substring(0, end);
  }

  /**
   * Writes {@link #of of(nanos)} into {@code to} (24 characters at least) without building it;
   * returns its length.
   */
  static int format(long nanos, char[] to) {
    if (nanos < 0) {
      String s = of(nanos); // never an age or a ttl
      s.getChars(0, s.length(), to, 0);
      return s.length();
    }
    long millis = nanos / 1_000_000 + (nanos % 1_000_000 >= 500_000 ? 1 : 0);
    long whole = millis / 1000;
    int length = 1;
    for (long m = whole; m >= 10; m /= 10) {
      length++;
    }
    for (int at = length - 1; at >= 0; at--) {
      to[at] = (char) ('0' + whole % 10);
      whole /= 10;
    }
    int fraction = (int) (millis % 1000);
    if (fraction != 0) {
      to[length++] = '.';
      to[length++] = (char) ('0' + fraction / 100);
      if (fraction % 100 != 0) {
        to[length++] = (char) ('0' + fraction / 10 % 10);
        if (fraction % 10 != 0) {
          to[length++] = (char) ('0' + fraction % 10);
        }
      }
    }
    return length;
  }

  /** Writes {@link #of of(nanos)} to {@code sink}, without building it. */
  static void write(Sink sink, long nanos) throws IOException {
    if (nanos < 0) {
      sink.ascii(of(nanos)); // never an age or a ttl
      return;
    }
    long millis = nanos / 1_000_000 + (nanos % 1_000_000 >= 500_000 ? 1 : 0);
    sink.decimal(millis / 1000);
    int fraction = (int) (millis % 1000);
    if (fraction == 0) {
      return;
    }
    int tenths = fraction / 100;
    int hundredths = fraction / 10 % 10;
    int thousandths = fraction % 10;
    sink.ascii('.');
    sink.ascii((char) ('0' + tenths));
    if (hundredths != 0 || thousandths != 0) {
      sink.ascii((char) ('0' + hundredths));
    }
    if (thousandths != 0) {
      sink.ascii((char) ('0' + thousandths));
    }
  }
}
