package dev.hermes.agent.tree;

import dev.hermes.api.Keys;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A child's name, when its spawner set no {@code HERMES_NAME}: the simple name of its main class,
 * the file name of its jar without {@code .jar}, or for a command that is not a JVM, the program's
 * file name. Characters outside {@code [A-Za-z0-9_]} become {@code _}, and a derived name is cut to
 * {@value #MAX_DERIVED_LENGTH} characters; a name taken by a living sibling gets {@code _2}, {@code
 * _3}, ... in spawn order.
 */
public final class ChildNames {
  /** The longest name derived from a command or main; longer ones are cut. */
  static final int MAX_DERIVED_LENGTH = 64;

  private static final Set<String> OPTIONS_WITH_VALUE =
      Set.of(
          "-cp",
          "-classpath",
          "--class-path",
          "-p",
          "--module-path",
          "--upgrade-module-path",
          "--add-modules",
          "--limit-modules",
          "--add-reads",
          "--add-exports",
          "--add-opens",
          "--patch-module",
          "--source",
          "--enable-native-access");

  private ChildNames() {}

  /** The name for a child started with {@code command}, before uniqueness. */
  public static String fromCommand(List<String> command, boolean javaLauncher) {
    if (command.isEmpty()) {
      return "child";
    }
    if (!javaLauncher) {
      return sanitise(fileName(command.get(0)));
    }
    for (int i = 1; i < command.size(); i++) {
      String arg = command.get(i);
      if (arg.equals("-jar") && i + 1 < command.size()) {
        return fromMain(command.get(i + 1));
      }
      if ((arg.equals("-m") || arg.equals("--module")) && i + 1 < command.size()) {
        return fromMain(command.get(i + 1));
      }
      if (OPTIONS_WITH_VALUE.contains(arg)) {
        i++;
      } else if (!arg.startsWith("-")) {
        return fromMain(arg);
      }
    }
    return "java";
  }

  /** The name for a main as {@code process.main} shows it: class, module/class or jar. */
  public static String fromMain(String main) {
    if (main == null || main.isBlank()) {
      return "child";
    }
    String last = fileName(main);
    if (last.endsWith(".jar") || last.endsWith(".java")) {
      return sanitise(last.substring(0, last.lastIndexOf('.')));
    }
    int slash = last.lastIndexOf('/');
    String cls = slash >= 0 ? last.substring(slash + 1) : last;
    return sanitise(cls.substring(cls.lastIndexOf('.') + 1));
  }

  /**
   * {@code base}, or the first of {@code base_2}, {@code base_3}... that is not taken; a base as
   * long as a key may be is cut to leave room for the number.
   */
  public static String unique(String base, Predicate<String> taken) {
    if (!taken.test(base)) {
      return base;
    }
    for (int n = 2; ; n++) {
      String suffix = "_" + n;
      String candidate =
          base.substring(0, Math.min(base.length(), Keys.MAX_LENGTH - suffix.length())) + suffix;
      if (!taken.test(candidate)) {
        return candidate;
      }
    }
  }

  static String sanitise(String raw) {
    StringBuilder out = new StringBuilder(raw.length());
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      boolean word =
          (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
      if (word) {
        out.append(c);
      } else if (out.length() > 0 && out.charAt(out.length() - 1) != '_') {
        out.append('_');
      }
    }
    if (out.length() > MAX_DERIVED_LENGTH) {
      out.setLength(MAX_DERIVED_LENGTH);
    }
    while (out.length() > 0 && out.charAt(out.length() - 1) == '_') {
      out.setLength(out.length() - 1);
    }
    return out.length() == 0 ? "child" : out.toString();
  }

  private static String fileName(String path) {
    try {
      Path name = Path.of(path).getFileName();
      return name == null ? path : name.toString();
    } catch (RuntimeException invalid) {
      return path;
    }
  }
}
