package dev.hermes.jmx;

import java.util.List;
import javax.management.ObjectName;

/** One line of the rules file: the MBeans, the attribute and path to read, the key to write. */
final class Rule {
  final int line;
  final ObjectName pattern;
  final String attribute;
  final List<String> path;
  final KeyTemplate key;

  Rule(int line, ObjectName pattern, String attribute, List<String> path, KeyTemplate key) {
    this.line = line;
    this.pattern = pattern;
    this.attribute = attribute;
    this.path = List.copyOf(path);
    this.key = key;
  }

  /** The attribute and its path as written: {@code HeapMemoryUsage.used}. */
  String attributePath() {
    return path.isEmpty() ? attribute : attribute + "." + String.join(".", path);
  }

  @Override
  public String toString() {
    return "line " + line + " (" + key + " = " + pattern + " " + attributePath() + ")";
  }
}
