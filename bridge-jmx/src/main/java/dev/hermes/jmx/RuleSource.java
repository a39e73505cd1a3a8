package dev.hermes.jmx;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.management.ObjectName;

/**
 * The keys of the user's rules. Patterns are queried afresh each sample, so MBeans registered later
 * are picked up; each failing MBean costs its own keys and is reported once.
 */
final class RuleSource implements Source, AutoCloseable {
  private final List<Rule> rules;
  private final MBeanReader reader;
  private final Problems problems;

  RuleSource(List<Rule> rules, MBeanReader reader, Problems problems) {
    this.rules = List.copyOf(rules);
    this.reader = reader;
    this.problems = problems;
  }

  /** Stops the reader's helper thread. */
  @Override
  public void close() {
    reader.close();
  }

  @Override
  public void read(Map<String, String> out) throws InterruptedException {
    Map<String, String> origins = new HashMap<>();
    for (Rule rule : rules) {
      Set<ObjectName> names;
      try {
        names = reader.names(rule.pattern);
      } catch (RuntimeException e) {
        problems.once("query " + rule.line, "JMX rule " + rule + ": " + Problems.describe(e));
        continue;
      }
      for (ObjectName name : names) {
        if (!reader.isHung(name)) {
          read(rule, name, out, origins);
        }
      }
    }
  }

  private void read(
      Rule rule, ObjectName name, Map<String, String> out, Map<String, String> origins)
      throws InterruptedException {
    String where = "JMX rule " + rule + ": " + name + " ";
    String key;
    try {
      key = rule.key.expand(name);
    } catch (IllegalArgumentException e) {
      problems.once("key " + rule.line + " " + name, where + e.getMessage());
      return;
    }
    String text;
    try {
      Object value = reader.read(name, rule.attribute);
      text = AttributeValues.text(AttributeValues.resolve(value, rule.path));
    } catch (ReadFailure e) {
      problems.once(
          "read " + name + " " + rule.attribute, where + e.getMessage() + "; its keys are skipped");
      return;
    } catch (IllegalArgumentException e) {
      problems.once(
          "value " + rule.line + " " + name,
          where + "attribute [" + rule.attributePath() + "] " + e.getMessage());
      return;
    }
    if (text == null) {
      return;
    }
    String origin = name + " [" + rule.attributePath() + "]";
    String earlier = origins.putIfAbsent(key, origin);
    if (earlier != null) {
      problems.once(
          "collision " + key,
          where
              + "writes key ["
              + key
              + "] that "
              + earlier
              + " writes too; add a property such as {name} to the key template");
      return;
    }
    out.put(key, text);
  }
}
