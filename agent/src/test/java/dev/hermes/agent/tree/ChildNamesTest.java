package dev.hermes.agent.tree;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ChildNamesTest {
  @Test
  void javaCommandIsNamedForItsMainClass() {
    assertEquals(
        "Worker",
        ChildNames.fromCommand(
            List.of("java", "-Xmx1g", "-cp", "a.jar:b.jar", "com.acme.Worker", "--x"), true));
  }

  @Test
  void jarAndModuleCommandsAreNamedForTheJarAndClass() {
    assertEquals(
        "billing_2_1", ChildNames.fromCommand(List.of("java", "-jar", "/o/billing-2.1.jar"), true));
    assertEquals(
        "Main", ChildNames.fromCommand(List.of("java", "-p", "m", "-m", "app/app.Main"), true));
  }

  @Test
  void otherCommandIsNamedForItsProgram() {
    assertEquals("sleep", ChildNames.fromCommand(List.of("/bin/sleep", "60"), false));
  }

  @Test
  void namesAreValidKeySegments() {
    assertEquals("a_b_c", ChildNames.sanitise("--a..b  c--"));
    assertEquals("child", ChildNames.sanitise("...."));
  }

  @Test
  void takenNamesGetASuffixInOrder() {
    Set<String> taken = Set.of("Worker", "Worker_2");
    assertEquals("Worker_3", ChildNames.unique("Worker", taken::contains));
    assertEquals("Other", ChildNames.unique("Other", taken::contains));
  }

  @Test
  void longNamesStayKeys() {
    assertEquals(
        "W".repeat(ChildNames.MAX_DERIVED_LENGTH), ChildNames.fromMain("a.b." + "W".repeat(999)));
    String longest = "n".repeat(dev.hermes.api.Keys.MAX_LENGTH);
    String second = ChildNames.unique(longest, longest::equals);
    assertEquals("n".repeat(dev.hermes.api.Keys.MAX_LENGTH - 2) + "_2", second);
    assertTrue(dev.hermes.api.Keys.isValid(second));
  }
}
