package dev.hermes.agent.support;

import java.util.Arrays;
import java.util.List;

/**
 * A level's condition over a value: a numeric comparison ({@code >0.8}, {@code >=5}, {@code <1},
 * {@code <=0}) or a match against a set of values ({@code is:failed,stopped}, {@code not:running}).
 *
 * <p>The same syntax serves the probes file's levels and the alert rules' conditions.
 *
 * <p>{@code Condition.parse(">0.9").test("0.95") // TRUE}
 */
public final class Condition {
  private enum Op {
    GT,
    GE,
    LT,
    LE,
    IS,
    NOT
  }

  private final String text;
  private final Op op;
  private final double number;
  private final List<String> values;

  private Condition(String text, Op op, double number, List<String> values) {
    this.text = text;
    this.op = op;
    this.number = number;
    this.values = values;
  }

  /** Parses {@code text}; throws {@link IllegalArgumentException} with the fix. */
  public static Condition parse(String text) {
    String t = text.trim();
    if (t.startsWith("is:") || t.startsWith("not:")) {
      boolean is = t.startsWith("is:");
      String list = t.substring(is ? 3 : 4);
      if (list.isEmpty()) {
        throw new IllegalArgumentException("[" + text + "] names no value; e.g. is:failed,stopped");
      }
      return new Condition(t, is ? Op.IS : Op.NOT, 0, Arrays.asList(list.split(",")));
    }
    Op op;
    int skip;
    if (t.startsWith(">=")) {
      op = Op.GE;
      skip = 2;
    } else if (t.startsWith("<=")) {
      op = Op.LE;
      skip = 2;
    } else if (t.startsWith(">")) {
      op = Op.GT;
      skip = 1;
    } else if (t.startsWith("<")) {
      op = Op.LT;
      skip = 1;
    } else {
      throw new IllegalArgumentException(
          "[" + text + "] is no condition; use >N, >=N, <N, <=N, is:a,b or not:a,b");
    }
    try {
      double n = Double.parseDouble(t.substring(skip));
      if (Double.isFinite(n)) {
        return new Condition(t, op, n, List.of());
      }
    } catch (NumberFormatException e) {
      // said below
    }
    throw new IllegalArgumentException("[" + text + "] compares with no number; e.g. >0.9");
  }

  /** Whether this condition compares numbers. */
  public boolean numeric() {
    return op != Op.IS && op != Op.NOT;
  }

  /**
   * Whether {@code value} meets it; null when a numeric condition meets a value that is no number.
   */
  public Boolean test(String value) {
    switch (op) {
      case IS:
        return values.contains(value);
      case NOT:
        return !values.contains(value);
      default:
        break;
    }
    double v;
    try {
      v = Double.parseDouble(value.trim());
    } catch (NumberFormatException e) {
      return null;
    }
    if (Double.isNaN(v)) {
      return null;
    }
    switch (op) {
      case GT:
        return v > number;
      case GE:
        return v >= number;
      case LT:
        return v < number;
      default:
        return v <= number;
    }
  }

  @Override
  public String toString() {
    return text;
  }
}
