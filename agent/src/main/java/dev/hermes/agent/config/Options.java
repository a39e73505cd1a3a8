package dev.hermes.agent.config;

import java.util.AbstractMap.SimpleImmutableEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The {@code key=value,key=value} syntax of the agent's argument, shared by the agent and by {@code
 * java -jar hermes.jar attach}, which checks an option string before it reaches a JVM.
 */
public final class Options {
  private Options() {}

  /**
   * The settings in {@code args}, in order and repeats included (the last one counts); blank parts
   * are skipped. Throws on a part without {@code =} and on a name that is not a setting, naming the
   * known ones.
   */
  public static List<Map.Entry<String, String>> parse(String args) throws ConfigException {
    List<Map.Entry<String, String>> values = new ArrayList<>();
    if (args == null || args.isBlank()) {
      return values;
    }
    for (String part : args.split(",")) {
      if (part.isBlank()) {
        continue;
      }
      int eq = part.indexOf('=');
      if (eq <= 0) {
        throw new ConfigException(
            "invalid agent argument [" + part.trim() + "]: use key=value, e.g. port=9091");
      }
      String key = part.substring(0, eq).trim();
      if (!Contract.SETTINGS.contains(key)) {
        throw new ConfigException(
            "unknown agent setting ["
                + key
                + "]: known settings are "
                + String.join(", ", Contract.SETTINGS));
      }
      values.add(new SimpleImmutableEntry<>(key, part.substring(eq + 1).trim()));
    }
    return values;
  }
}
