package dev.hermes.agent.cli;

import dev.hermes.agent.config.ConfigException;
import dev.hermes.agent.config.Contract;
import dev.hermes.agent.config.Options;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Checks an {@code attach} option string before it reaches the JVM (an unknown setting there would
 * switch Hermes off for good, as an agent loads once), and makes relative file settings absolute.
 */
final class AttachOptions {
  private AttachOptions() {}

  /** {@code options} with known names only and file paths resolved against {@code dir}. */
  static String check(String options, Path dir) throws UsageException {
    List<Map.Entry<String, String>> settings;
    try {
      settings = Options.parse(options);
    } catch (ConfigException e) {
      throw new UsageException(e.getMessage());
    }
    List<String> parts = new ArrayList<>();
    for (Map.Entry<String, String> setting : settings) {
      String key = setting.getKey();
      String value = setting.getValue();
      boolean file =
          Contract.FILE_SETTINGS.contains(key)
              && !value.isEmpty()
              && !(key.equals("jmx") && Contract.isJmxSwitch(value));
      parts.add(key + "=" + (file ? dir.resolve(value).normalize() : value));
    }
    return String.join(",", parts);
  }
}
