package dev.hermes.jmx;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

/**
 * Parses the rules file: one rule a line, {@code <key template> = <ObjectName pattern>
 * <Attribute>[.field...]}; blank lines and lines starting with '#' are ignored. The attribute is
 * the last word, so the ObjectName may contain spaces ({@code name=G1 Young Generation}).
 */
final class RulesParser {
  static final String FORMAT = "<key template> = <ObjectName pattern> <Attribute>[.field]";

  private RulesParser() {}

  /** The valid rules of {@code lines}; each invalid one is told to {@code problems} and skipped. */
  static List<Rule> parse(List<String> lines, Consumer<String> problems) {
    List<Rule> rules = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      try {
        rules.add(parse(i + 1, line));
      } catch (IllegalArgumentException invalid) {
        problems.accept("line " + (i + 1) + ": " + invalid.getMessage() + "; the rule is skipped");
      }
    }
    return rules;
  }

  private static Rule parse(int number, String line) {
    int equals = line.indexOf('=');
    if (equals < 0) {
      throw new IllegalArgumentException("no '=' in [" + line + "]; write " + FORMAT);
    }
    String template = line.substring(0, equals).strip();
    if (template.indexOf(':') >= 0) {
      throw new IllegalArgumentException(
          "no key template: [" + template + "] looks like an ObjectName; write " + FORMAT);
    }
    if (template.isEmpty()) {
      throw new IllegalArgumentException("no key template before '='; write " + FORMAT);
    }
    KeyTemplate key = KeyTemplate.parse(template);
    String source = line.substring(equals + 1).strip();
    int lastSpace = lastWhitespace(source);
    if (lastSpace < 0) {
      throw new IllegalArgumentException(
          "no attribute after the ObjectName pattern [" + source + "]; write " + FORMAT);
    }
    ObjectName pattern = objectName(source.substring(0, lastSpace).strip());
    List<String> path = Arrays.asList(source.substring(lastSpace + 1).split("\\.", -1));
    if (path.contains("")) {
      throw new IllegalArgumentException(
          "attribute path ["
              + source.substring(lastSpace + 1)
              + "] has an empty part; write Attribute or Attribute.field.subfield");
    }
    requireKnownProperties(key, pattern);
    return new Rule(number, pattern, path.get(0), path.subList(1, path.size()), key);
  }

  private static ObjectName objectName(String text) {
    try {
      return new ObjectName(text);
    } catch (MalformedObjectNameException e) {
      throw new IllegalArgumentException(
          "ObjectName pattern ["
              + text
              + "] is malformed ("
              + e.getMessage()
              + "); write domain:key=value[,key=value], with * and ? as wildcards");
    }
  }

  // A property-list pattern (",*") may match names with more properties, so any name may do.
  private static void requireKnownProperties(KeyTemplate key, ObjectName pattern) {
    if (pattern.isPropertyListPattern()) {
      return;
    }
    for (String property : key.properties()) {
      if (!property.equals(KeyTemplate.DOMAIN) && pattern.getKeyProperty(property) == null) {
        throw new IllegalArgumentException(
            "{"
                + property
                + "} is not a key property of ["
                + pattern
                + "]; use one of "
                + KeyTemplate.choices(pattern));
      }
    }
  }

  private static int lastWhitespace(String text) {
    for (int i = text.length() - 1; i >= 0; i--) {
      if (Character.isWhitespace(text.charAt(i))) {
        return i;
      }
    }
    return -1;
  }
}
