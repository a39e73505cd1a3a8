package dev.hermes.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KeysTest {
  @ParameterizedTest
  @ValueSource(strings = {"status", "runner.status", "a", "_", "a.b.c", "A1_b.c9", "a..b"})
  void acceptsKeysOfTheRule(String key) {
    assertTrue(Keys.isValid(key));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", ".a", "a.", ".", "a b", "a-b", "é", "a\nb", "a:b", "a/b"})
  void rejectsKeysOutsideTheRule(String key) {
    assertFalse(Keys.isValid(key));
  }

  @Test
  void rejectsNull() {
    assertFalse(Keys.isValid(null));
  }

  @Test
  void rejectsKeyWithSlashNamingTheFix() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Keys.requireValid("worker/status"));
    assertEquals(
        "Invalid key [worker/status]: '/' is reserved for child namespaces; use '.'",
        e.getMessage());
  }

  @Test
  void rejectsBadCharacterNamingItsIndex() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Keys.requireValid("a-b"));
    assertEquals(
        "Invalid key [a-b]: character '-' at index 1 is not allowed;"
            + " use letters, digits, '_' and '.'",
        e.getMessage());
  }

  @Test
  void rejectsKeyLongerThanTheLimit() {
    assertTrue(Keys.isValid("k".repeat(Keys.MAX_LENGTH)));
    assertFalse(Keys.isValid("k".repeat(Keys.MAX_LENGTH + 1)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"worker1/status", "a/b/c.d", "status"})
  void acceptsChildPaths(String path) {
    assertTrue(Keys.isValidPath(path));
  }

  @ParameterizedTest
  @ValueSource(strings = {"/status", "worker1/", "a//b", "a./b", "a/.b"})
  void rejectsMalformedChildPaths(String path) {
    assertFalse(Keys.isValidPath(path));
  }

  @Test
  void aPathHasSegmentsOfAKeysLengthAndAMaximumInAll() {
    String segment = "s".repeat(Keys.MAX_LENGTH);
    // A key valid in a child stays valid under the child's name at its parent.
    assertTrue(Keys.isValidPath("Node/" + "k".repeat(252)));
    assertTrue(Keys.isValidPath(segment + "/" + segment + "/" + segment));
    assertFalse(Keys.isValidPath(segment + "s/x"), "a segment over the key limit");
    String longest = segment + "/" + segment + "/" + segment + "/" + "k".repeat(253);
    assertEquals(Keys.MAX_PATH_LENGTH, longest.length());
    assertTrue(Keys.isValidPath(longest));
    assertFalse(Keys.isValidPath(longest + "k"));
    assertEquals(
        "Invalid key ["
            + longest
            + "k]: longer than "
            + Keys.MAX_PATH_LENGTH
            + " characters in all (1025)",
        assertThrows(IllegalArgumentException.class, () -> Keys.requireValidPath(longest + "k"))
            .getMessage());
  }
}
