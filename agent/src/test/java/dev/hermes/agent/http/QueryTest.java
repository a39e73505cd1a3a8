package dev.hermes.agent.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

class QueryTest {
  @Test
  void firstValueOfEachParameterWins() {
    assertEquals(
        Map.of("type", "json", "prefix", "w1/"), Query.parse("type=json&prefix=w1%2F&type=text"));
  }

  @Test
  void emptyQueryIsEmpty() {
    assertEquals(Map.of(), Query.parse(null));
    assertEquals(Map.of("flag", ""), Query.parse("flag&&"));
  }

  @Test
  void badEscapeIsRejected() {
    assertThrows(IllegalArgumentException.class, () -> Query.parse("type=%zz"));
  }
}
