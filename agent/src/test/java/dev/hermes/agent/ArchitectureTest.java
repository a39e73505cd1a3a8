package dev.hermes.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The rules of docs/architecture.md that a compiler does not check: one owner for every name of the
 * contract, the private server's class-loader invariant, and the agent's public surface.
 */
class ArchitectureTest {
  private static final Path SOURCES = Path.of("src/main/java/dev/hermes/agent");
  private static final Path CLASSES = Path.of("target/classes/dev/hermes/agent");
  private static final Path OWNER = SOURCES.resolve("config/Contract.java");

  // Names of the contract: variables, properties and headers. Only config/Contract spells them.
  private static final Pattern CONTRACT_NAME =
      Pattern.compile(
          "HERMES_|Hermes-Secret|Hermes-Session|^hermes\\.(agent|url|debug|store\\.bridge)$");

  @Test
  void contractNamesAreSpelledOnlyByTheirOwner() throws IOException {
    List<String> sites = new ArrayList<>();
    for (Path file : javaFiles(SOURCES)) {
      if (file.equals(OWNER)) {
        continue;
      }
      for (String literal : stringLiterals(Files.readString(file, StandardCharsets.UTF_8))) {
        if (CONTRACT_NAME.matcher(literal).find()) {
          sites.add(SOURCES.relativize(file) + ": \"" + literal + "\"");
        }
      }
    }
    assertEquals(List.of(), sites, "contract names outside config/Contract.java");
  }

  @Test
  void theOwnerReallySpellsThem() throws IOException {
    String owner = Files.readString(OWNER, StandardCharsets.UTF_8);
    assertTrue(owner.contains("\"HERMES_\""));
    assertTrue(owner.contains("\"Hermes-Secret\""));
    assertTrue(owner.contains("\"hermes.url\""));
  }

  @Test
  void codeOfTheHostLoaderNeverNamesThePrivateServersPackage() throws IOException {
    // Classes outside agent.http are loaded by the host's loader; one naming an agent.http type
    // would load a second copy there, linked against the boot layer's jdk.httpserver (if any).
    byte[] marker = "dev/hermes/agent/http/".getBytes(StandardCharsets.UTF_8);
    List<String> offenders = new ArrayList<>();
    List<Path> classes = classFiles(CLASSES);
    assertFalse(classes.isEmpty(), "no classes under " + CLASSES.toAbsolutePath());
    for (Path file : classes) {
      if (!CLASSES.relativize(file).startsWith("http")
          && indexOf(Files.readAllBytes(file), marker) >= 0) {
        offenders.add(CLASSES.relativize(file).toString());
      }
    }
    assertEquals(List.of(), offenders, "host-loaded classes that name an agent.http type");
  }

  @Test
  void theInvariantTestWouldSeeAReference() throws IOException {
    // The check above must be able to fail: the http package's own classes do name it.
    byte[] marker = "dev/hermes/agent/http/".getBytes(StandardCharsets.UTF_8);
    assertTrue(
        indexOf(Files.readAllBytes(CLASSES.resolve("http/StatusServer.class")), marker) >= 0);
  }

  @Test
  void onlyTheEntryPointAndTheCliMainArePublicInTheExportedPackages() throws Exception {
    Set<String> exported = Set.of("dev.hermes.agent", "dev.hermes.agent.cli");
    Set<String> publicTypes = new TreeSet<>();
    for (Path file : classFiles(CLASSES)) {
      String relative = Path.of("dev/hermes/agent").resolve(CLASSES.relativize(file)).toString();
      String name = relative.replace('/', '.').replaceAll("\\.class$", "");
      String pkg = name.substring(0, name.lastIndexOf('.'));
      if (!exported.contains(pkg) || name.contains("$")) {
        continue;
      }
      Class<?> type = Class.forName(name, false, getClass().getClassLoader());
      if (Modifier.isPublic(type.getModifiers())) {
        publicTypes.add(name);
      }
    }
    assertEquals(Set.of("dev.hermes.agent.HermesAgent", "dev.hermes.agent.cli.Main"), publicTypes);
  }

  // docs/architecture.md's table: what each package may use ("" is the boot package).
  private static final Map<String, Set<String>> ALLOWED =
      Map.ofEntries(
          Map.entry("support", Set.of()),
          Map.entry("config", Set.of("support")),
          Map.entry("tls", Set.of("support")),
          Map.entry("client", Set.of("config", "tls", "support")),
          Map.entry("tree", Set.of("client", "config", "tls", "support")),
          Map.entry("spawn", Set.of("tree", "config", "support")),
          Map.entry("server", Set.of("config", "tree", "support")),
          Map.entry("http", Set.of("server", "tree", "config", "tls", "support")),
          Map.entry("cli", Set.of("client", "tree", "config", "support")),
          Map.entry("probe", Set.of("tls", "support")),
          Map.entry("alert", Set.of("support")),
          Map.entry("pull", Set.of("client", "tree", "config", "support")),
          Map.entry("mbean", Set.of("spawn", "config", "support")),
          Map.entry(
              "",
              Set.of(
                  "config", "support", "tls", "client", "tree", "spawn", "server", "probe", "alert",
                  "pull", "mbean")));

  private static final Pattern AGENT_TYPE =
      Pattern.compile("dev\\.hermes\\.agent\\.([a-z]+)\\.[A-Z]");

  @Test
  void packagesUseOnlyWhatTheArchitectureAllows() throws IOException {
    List<String> violations = new ArrayList<>();
    for (Path file : javaFiles(SOURCES)) {
      Path relative = SOURCES.relativize(file);
      String pkg = relative.getNameCount() == 1 ? "" : relative.getName(0).toString();
      Set<String> allowed = ALLOWED.get(pkg);
      if (allowed == null) {
        violations.add(pkg + ": a package that docs/architecture.md does not list");
        continue;
      }
      Matcher used = AGENT_TYPE.matcher(code(Files.readString(file, StandardCharsets.UTF_8)));
      while (used.find()) {
        String target = used.group(1);
        if (!target.equals(pkg) && !allowed.contains(target)) {
          violations.add(relative + " uses " + target);
        }
      }
    }
    assertEquals(List.of(), violations);
  }

  @Test
  void everyInternalPackageSaysSo() throws IOException {
    List<String> missing = new ArrayList<>();
    try (Stream<Path> dirs = Files.list(SOURCES)) {
      for (Path dir : dirs.filter(Files::isDirectory).collect(Collectors.toList())) {
        Path info = dir.resolve("package-info.java");
        if (!Files.exists(info)
            || !Files.readString(info, StandardCharsets.UTF_8).contains("Internal")) {
          missing.add(dir.getFileName().toString());
        }
      }
    }
    missing.remove("cli");
    assertEquals(List.of(), missing, "packages without a package-info saying they are internal");
  }

  @Test
  void literalsAreFoundOutsideCommentsOnly() {
    assertEquals(
        List.of("a\\\"b", "http://x", "c"),
        stringLiterals(
            "// \"no\"\n/* \"no\" */ f(\"a\\\"b\", \"http://x\"); char q = '\"'; g(\"c\");"));
  }

  /** Java source without its comments and literals, which are replaced by blanks. */
  static String code(String source) {
    StringBuilder out = new StringBuilder(source.length());
    int i = 0;
    while (i < source.length()) {
      char c = source.charAt(i);
      int end;
      if (source.startsWith("//", i)) {
        end = source.indexOf('\n', i);
        end = end < 0 ? source.length() : end;
      } else if (source.startsWith("/*", i)) {
        end = source.indexOf("*/", i + 2);
        end = end < 0 ? source.length() : end + 2;
      } else if (c == '\'' || c == '"') {
        end = i + 1;
        while (end < source.length() && source.charAt(end) != c) {
          end += source.charAt(end) == '\\' ? 2 : 1;
        }
        end = Math.min(end + 1, source.length());
      } else {
        out.append(c);
        i++;
        continue;
      }
      out.append(' ');
      i = end;
    }
    return out.toString();
  }

  /** The string literals of Java source, skipping comments and char literals. */
  static List<String> stringLiterals(String code) {
    List<String> literals = new ArrayList<>();
    int i = 0;
    while (i < code.length()) {
      char c = code.charAt(i);
      if (code.startsWith("//", i)) {
        int end = code.indexOf('\n', i);
        i = end < 0 ? code.length() : end;
      } else if (code.startsWith("/*", i)) {
        int end = code.indexOf("*/", i + 2);
        i = end < 0 ? code.length() : end + 2;
      } else if (c == '\'' || c == '"') {
        int j = i + 1;
        while (j < code.length() && code.charAt(j) != c) {
          j += code.charAt(j) == '\\' ? 2 : 1;
        }
        if (c == '"') {
          literals.add(code.substring(i + 1, Math.min(j, code.length())));
        }
        i = j + 1;
      } else {
        i++;
      }
    }
    return literals;
  }

  private static List<Path> javaFiles(Path root) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      return files
          .filter(p -> p.toString().endsWith(".java"))
          .sorted()
          .collect(Collectors.toList());
    }
  }

  private static List<Path> classFiles(Path root) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      return files
          .filter(p -> p.toString().endsWith(".class"))
          .sorted()
          .collect(Collectors.toList());
    }
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
