package dev.hermes.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The built hermes.jar is self-contained and keeps every class under dev.hermes. */
class AgentJarIT {
  @Test
  void holdsNoClassOutsideDevHermes() throws Exception {
    try (JarFile jar = new JarFile(Jvm.hermesJar().toFile())) {
      List<String> classes =
          jar.stream()
              .map(e -> e.getName())
              .filter(n -> n.endsWith(".class"))
              .collect(Collectors.toList());
      assertTrue(classes.size() > 100, "the shaded dependencies are inside: " + classes.size());
      List<String> outside =
          classes.stream().filter(n -> !n.startsWith("dev/hermes/")).collect(Collectors.toList());
      assertEquals(List.of(), outside);
      assertTrue(jar.stream().noneMatch(e -> e.getName().startsWith("META-INF/maven/")));
    }
  }

  @Test
  void manifestNamesTheEntryPoints() throws Exception {
    try (JarFile jar = new JarFile(Jvm.hermesJar().toFile())) {
      Attributes main = jar.getManifest().getMainAttributes();
      assertEquals("dev.hermes.agent.HermesAgent", main.getValue("Premain-Class"));
      assertEquals("dev.hermes.agent.HermesAgent", main.getValue("Agent-Class"));
      assertEquals("true", main.getValue("Can-Retransform-Classes"));
      assertEquals("0.1.0-SNAPSHOT", main.getValue("Implementation-Version"));
    }
  }
}
