package dev.hermes.jmx;

import dev.hermes.api.Keys;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.TreeSet;
import javax.management.ObjectName;

/**
 * A key with {@code {property}} placeholders filled from a matched ObjectName, e.g. {@code
 * kafka.{topic}.bytes_in}. Each filled-in value is sanitised into one segment by {@link
 * KeySanitizer}, so the result is always a valid key; {@code {domain}} is the ObjectName's domain
 * unless it has a key property of that name.
 */
final class KeyTemplate {
  static final String DOMAIN = "domain";

  private final String text;
  // literals.size() == properties.size() + 1: literal, property, literal, ..., literal.
  private final List<String> literals;
  private final List<String> properties;

  private KeyTemplate(String text, List<String> literals, List<String> properties) {
    this.text = text;
    this.literals = literals;
    this.properties = properties;
  }

  /** Parses {@code text}, or throws with a message that names the problem and the fix. */
  static KeyTemplate parse(String text) {
    List<String> literals = new ArrayList<>();
    List<String> properties = new ArrayList<>();
    StringBuilder literal = new StringBuilder();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '{') {
        int close = text.indexOf('}', i);
        if (close < 0) {
          throw new IllegalArgumentException(
              "'{' at index " + i + " of key template [" + text + "] is not closed; write {name}");
        }
        String property = text.substring(i + 1, close).strip();
        if (property.isEmpty() || property.indexOf('{') >= 0) {
          throw new IllegalArgumentException(
              "placeholder at index "
                  + i
                  + " of key template ["
                  + text
                  + "] has no name;"
                  + " write a key property of the ObjectName, e.g. {type}");
        }
        literals.add(literal.toString());
        properties.add(property);
        literal.setLength(0);
        i = close;
      } else if (c == '/') {
        throw new IllegalArgumentException(
            "'/' in key template [" + text + "] is reserved for child namespaces; use '.'");
      } else if (c == '.' || c == '_' || KeySanitizer.isLetterOrDigit(c)) {
        literal.append(c);
      } else {
        throw new IllegalArgumentException(
            "character '"
                + c
                + "' at index "
                + i
                + " of key template ["
                + text
                + "] is not allowed; use letters, digits, '_', '.' and {property}");
      }
    }
    literals.add(literal.toString());
    KeyTemplate template =
        new KeyTemplate(
            text, Collections.unmodifiableList(literals), Collections.unmodifiableList(properties));
    String skeleton = template.fill(Collections.nCopies(properties.size(), "x"));
    if (skeleton.isEmpty() || skeleton.startsWith(".") || skeleton.endsWith(".")) {
      throw new IllegalArgumentException(
          "key template [" + text + "] must not be empty nor start or end with '.'");
    }
    return template;
  }

  /** The placeholder names, in order of appearance. */
  List<String> properties() {
    return properties;
  }

  /** The key for {@code name}, or throws naming the missing property or the excess length. */
  String expand(ObjectName name) {
    List<String> values = new ArrayList<>(properties.size());
    for (String property : properties) {
      String value = name.getKeyProperty(property);
      if (value == null && property.equals(DOMAIN)) {
        value = name.getDomain();
      }
      if (value == null) {
        throw new IllegalArgumentException(
            "{"
                + property
                + "} is not a key property of "
                + name
                + "; use one of "
                + choices(name));
      }
      values.add(KeySanitizer.segment(unquote(value)));
    }
    String key = fill(values);
    if (key.length() > Keys.MAX_LENGTH) {
      throw new IllegalArgumentException(
          "key ["
              + key
              + "] is longer than "
              + Keys.MAX_LENGTH
              + " characters; shorten the template");
    }
    return key;
  }

  @Override
  public String toString() {
    return text;
  }

  private String fill(List<String> values) {
    StringBuilder key = new StringBuilder(literals.get(0));
    for (int i = 0; i < values.size(); i++) {
      key.append(values.get(i)).append(literals.get(i + 1));
    }
    return key.toString();
  }

  static String choices(ObjectName name) {
    StringBuilder out = new StringBuilder();
    for (String property : new TreeSet<>(name.getKeyPropertyList().keySet())) {
      out.append('{').append(property).append("}, ");
    }
    return out.append("{" + DOMAIN + "}").toString();
  }

  private static String unquote(String value) {
    if (value.length() < 2 || value.charAt(0) != '"') {
      return value;
    }
    try {
      return ObjectName.unquote(value);
    } catch (IllegalArgumentException malformed) {
      return value;
    }
  }
}
