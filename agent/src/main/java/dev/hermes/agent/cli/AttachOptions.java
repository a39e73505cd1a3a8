package dev.hermes.agent.cli;

import dev.hermes.agent.AgentSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks an {@code attach} option string before it reaches the JVM (an unknown setting there would
 * switch Hermes off for good, as an agent loads once), and makes relative file settings absolute.
 */
final class AttachOptions {
  private static final List<String> FILES = List.of("secretFile", "tls", "jmx");

  private AttachOptions() {}

  /** {@code options} with known names only and file paths resolved against {@code dir}. */
  static String check(String options, Path dir) throws UsageException {
    List<String> parts = new ArrayList<>();
    for (String part : options.split(",")) {
      if (part.isBlank()) {
        continue;
      }
      int eq = part.indexOf('=');
      if (eq <= 0) {
        throw new UsageException(
            "invalid agent argument [" + part.trim() + "]: use key=value, e.g. port=0");
      }
      String key = part.substring(0, eq).trim();
      String value = part.substring(eq + 1).trim();
      if (!AgentSettings.names().contains(key)) {
        throw new UsageException(
            "unknown agent setting ["
                + key
                + "]: known settings are "
                + String.join(", ", AgentSettings.names()));
      }
      boolean file =
          FILES.contains(key)
              && !value.isEmpty()
              && !(key.equals("jmx") && (value.equals("on") || value.equals("off")));
      parts.add(key + "=" + (file ? dir.resolve(value).normalize() : value));
    }
    return String.join(",", parts);
  }
}
