package dev.hermes.jmx;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class KeySanitizerTest {
  @Test
  void replacesSpacesInCollectorName() {
    assertEquals("G1_Young_Generation", KeySanitizer.segment("G1 Young Generation"));
  }

  @Test
  void collapsesRunsAndTrimsEdges() {
    assertEquals("PS_Mark_Sweep", KeySanitizer.segment(" PS--Mark _ Sweep! "));
  }

  @Test
  void replacesDotsSoANameStaysOneSegment() {
    assertEquals("my_topic", KeySanitizer.segment("my.topic"));
  }

  @Test
  void replacesNonAsciiLetters() {
    assertEquals("Gr_e", KeySanitizer.segment("Größe"));
  }

  @Test
  void turnsNameWithoutLettersIntoUnderscore() {
    assertEquals("_", KeySanitizer.segment("..."));
  }

  @Test
  void keepsValidNameAsIs() {
    assertEquals("Copy", KeySanitizer.segment("Copy"));
  }
}
