package dev.hermes.agent.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TerminalTest {
  @Test
  void colourOnAnInteractiveTerminal() {
    assertTrue(Terminal.colourAllowed(true, Map.of("TERM", "xterm-256color")));
  }

  @Test
  void noColourWhenNotInteractive() {
    assertFalse(Terminal.colourAllowed(false, Map.of("TERM", "xterm")));
  }

  @Test
  void noColourOnADumbTerminal() {
    assertFalse(Terminal.colourAllowed(true, Map.of("TERM", "dumb")));
  }

  @Test
  void noColourWithNoColorSet() {
    assertFalse(Terminal.colourAllowed(true, Map.of("TERM", "xterm", "NO_COLOR", "1")));
  }

  @Test
  void emptyNoColorIsUnset() {
    assertTrue(Terminal.colourAllowed(true, Map.of("TERM", "xterm", "NO_COLOR", "")));
  }
}
