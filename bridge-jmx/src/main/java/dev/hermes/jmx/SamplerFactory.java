package dev.hermes.jmx;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.management.MBeanServer;

/** Builds the sampler the settings ask for: the default sources, then the rules file's. */
final class SamplerFactory {
  private SamplerFactory() {}

  /** The sampler; {@code server} is needed only when the settings name a rules file. */
  static Sampler create(JmxSettings settings, Problems problems, MBeanServer server) {
    Sampler sampler = new Sampler(settings.store(), settings.ttlNanos(), problems);
    if (settings.defaults()) {
      OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
      sampler
          .add("memory defaults", new MemorySource(ManagementFactory.getMemoryMXBean()))
          .add("thread defaults", new ThreadSource(ManagementFactory.getThreadMXBean()))
          .add("gc defaults", new GcSource(new GcSource.Platform()))
          .add("cpu defaults", new CpuSource(os, JmxSettings.saturatedNanos(settings.interval())))
          .add("os defaults", new OsSource(os))
          .add("memory of the node", new NodeSource(NodeSource.procOfThisHost(), new OsExtras(os)))
          .add("file systems", new FileSystemSource(FileSystemSource.ofThisProcess()))
          .add(
              "runtime defaults",
              new RuntimeSource(
                  ManagementFactory.getRuntimeMXBean(), ManagementFactory.getClassLoadingMXBean()));
    }
    List<Rule> rules = rules(settings.rules(), problems);
    if (!rules.isEmpty()) {
      long timeout = JmxSettings.saturatedNanos(settings.readTimeout());
      sampler.add("rules", new RuleSource(rules, new MBeanReader(server, timeout), problems));
    }
    return sampler;
  }

  private static List<Rule> rules(Path file, Problems problems) {
    if (file == null) {
      return List.of();
    }
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException | RuntimeException e) {
      problems.tell(
          "JMX rules file "
              + file
              + " was not read ("
              + Problems.describe(e)
              + "); fix the path, or drop the setting");
      return List.of();
    }
    return RulesParser.parse(lines, line -> problems.tell("JMX rules file " + file + " " + line));
  }
}
