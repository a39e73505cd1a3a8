package dev.hermes.jmx;

/**
 * Fixed-point text of a double, as {@code BigDecimal.valueOf(v).setScale(scale, HALF_UP)
 * .toPlainString()} writes it, without {@code BigDecimal}: on JDK 25 its static initialiser squares
 * BigIntegers long enough to get them JIT-compiled, megabytes of compiler arena an idle JVM keeps.
 */
final class Decimals {
  private Decimals() {}

  /** {@code value} rounded half up (away from zero) to {@code scale} decimals (0 to 9). */
  static String fixed(double value, int scale) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      return Double.toString(value);
    }
    // The shortest decimal that reads back as value, as BigDecimal.valueOf takes it.
    String text = Double.toString(Math.abs(value));
    int e = text.indexOf('E');
    int exponent = e < 0 ? 0 : Integer.parseInt(text.substring(e + 1));
    String mantissa = e < 0 ? text : text.substring(0, e);
    int dot = mantissa.indexOf('.');
    StringBuilder digits =
        new StringBuilder(mantissa.length() + 24)
            .append(mantissa, 0, dot)
            .append(mantissa, dot + 1, mantissa.length());
    // The number is 0.digits * 10^point.
    int point = dot + exponent;
    while (point < 1) {
      digits.insert(0, '0');
      point++;
    }
    int keep = point + scale;
    while (digits.length() <= keep) {
      digits.append('0');
    }
    boolean up = digits.charAt(keep) >= '5';
    digits.setLength(keep);
    if (up) {
      int i = keep - 1;
      while (i >= 0 && digits.charAt(i) == '9') {
        digits.setCharAt(i, '0');
        i--;
      }
      if (i < 0) {
        digits.insert(0, '1');
        point++;
        keep++;
      } else {
        digits.setCharAt(i, (char) (digits.charAt(i) + 1));
      }
    }
    int start = 0;
    while (start < point - 1 && digits.charAt(start) == '0') {
      start++;
    }
    StringBuilder out = new StringBuilder(digits.length() + 2);
    boolean zero = true;
    for (int i = start; i < digits.length(); i++) {
      if (digits.charAt(i) != '0') {
        zero = false;
        break;
      }
    }
    if (value < 0 && !zero) {
      out.append('-');
    }
    out.append(digits, start, point);
    if (scale > 0) {
      out.append('.').append(digits, point, keep);
    }
    return out.toString();
  }
}
