package dev.hermes.jmx;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;

/**
 * Follows a path into an attribute's value and renders the leaf as a key's value: numbers as plain
 * decimals ({@code 1048576}, {@code 0.25}), booleans, strings and enums as text.
 */
final class AttributeValues {
  private AttributeValues() {}

  /** The field {@code path} of {@code value} (CompositeData or Map), or throws naming the fix. */
  static Object resolve(Object value, List<String> path) {
    Object current = value;
    for (int i = 0; i < path.size() && current != null; i++) {
      String field = path.get(i);
      if (current instanceof CompositeData) {
        CompositeData composite = (CompositeData) current;
        if (!composite.containsKey(field)) {
          throw new IllegalArgumentException(
              "has no field ["
                  + field
                  + "]; use one of "
                  + new TreeSet<>(composite.getCompositeType().keySet()));
        }
        current = composite.get(field);
      } else if (current instanceof Map) {
        current = ((Map<?, ?>) current).get(field);
      } else {
        throw new IllegalArgumentException(
            "is a " + current.getClass().getName() + ", not composite data; remove ." + field);
      }
    }
    return current;
  }

  /** The text of a leaf value; null for null and for NaN or infinite numbers. */
  static String text(Object leaf) {
    if (leaf == null) {
      return null;
    }
    if (leaf instanceof Long
        || leaf instanceof Integer
        || leaf instanceof Short
        || leaf instanceof Byte
        || leaf instanceof AtomicLong
        || leaf instanceof AtomicInteger) {
      return Long.toString(((Number) leaf).longValue());
    }
    if (leaf instanceof BigInteger) {
      return leaf.toString();
    }
    if (leaf instanceof BigDecimal) {
      return plain((BigDecimal) leaf);
    }
    if (leaf instanceof Number) {
      double d = ((Number) leaf).doubleValue();
      if (Double.isNaN(d) || Double.isInfinite(d)) {
        return null;
      }
      // Float's own text, so 0.1f reads "0.1" rather than its binary expansion.
      return plain(new BigDecimal(leaf instanceof Float ? leaf.toString() : Double.toString(d)));
    }
    if (leaf instanceof Enum) {
      return ((Enum<?>) leaf).name();
    }
    if (leaf instanceof CompositeData) {
      throw new IllegalArgumentException(
          "is composite data; add a field, one of "
              + new TreeSet<>(((CompositeData) leaf).getCompositeType().keySet()));
    }
    if (leaf instanceof TabularData || leaf instanceof Map || leaf.getClass().isArray()) {
      throw new IllegalArgumentException(
          "is a " + leaf.getClass().getSimpleName() + "; map a single number or text instead");
    }
    return leaf.toString();
  }

  private static String plain(BigDecimal value) {
    String text = value.stripTrailingZeros().toPlainString();
    return text.equals("-0") ? "0" : text;
  }
}
