package dev.hermes.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ProcessKeysTest {
  @Test
  void mainIsTheFirstWordOfTheCommand() {
    assertEquals("app.Main", ProcessKeys.mainOf("app.Main --password secret"));
    assertEquals("/opt/app.jar", ProcessKeys.mainOf("/opt/app.jar"));
    assertEquals("app/app.Main", ProcessKeys.mainOf("app/app.Main x"));
    assertEquals("unknown", ProcessKeys.mainOf(null));
  }
}
