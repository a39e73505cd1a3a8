package dev.hermes.jmx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hermes.api.Keys;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

class KeyTemplateTest {
  @Test
  void fillsKeyPropertiesFromObjectName() throws Exception {
    ObjectName name = new ObjectName("kafka.server:type=BrokerTopicMetrics,topic=orders");

    assertEquals("kafka.orders.bytes_in", KeyTemplate.parse("kafka.{topic}.bytes_in").expand(name));
  }

  @Test
  void sanitisesEachValueIntoOneSegment() throws Exception {
    ObjectName name = new ObjectName("kafka.server:topic=my.topic v2");

    assertEquals("kafka.my_topic_v2", KeyTemplate.parse("kafka.{topic}").expand(name));
  }

  @Test
  void unquotesQuotedValues() throws Exception {
    ObjectName name = new ObjectName("app:type=Pool,name=\"fast, small\"");

    assertEquals("pool.fast_small", KeyTemplate.parse("pool.{name}").expand(name));
  }

  @Test
  void fillsDomainPlaceholder() throws Exception {
    ObjectName name = new ObjectName("com.example:type=Cache");

    assertEquals("com_example.Cache", KeyTemplate.parse("{domain}.{type}").expand(name));
  }

  @Test
  void rejectsUnclosedPlaceholder() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> KeyTemplate.parse("kafka.{topic"));

    assertTrue(e.getMessage().contains("not closed; write {name}"), e.getMessage());
  }

  @Test
  void rejectsSlashAndSuggestsDot() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> KeyTemplate.parse("kafka/bytes"));

    assertTrue(e.getMessage().contains("use '.'"), e.getMessage());
  }

  @Test
  void rejectsCharacterOutsideKeys() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> KeyTemplate.parse("kafka-bytes"));

    assertTrue(e.getMessage().contains("character '-' at index 5"), e.getMessage());
  }

  @Test
  void rejectsTemplateEndingWithDot() {
    assertThrows(IllegalArgumentException.class, () -> KeyTemplate.parse("kafka.{topic}."));
  }

  @Test
  void namesThePropertiesWhenOneIsMissing() throws Exception {
    ObjectName name = new ObjectName("app:type=Cache");

    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> KeyTemplate.parse("c.{name}").expand(name));

    assertTrue(e.getMessage().contains("use one of {type}, {domain}"), e.getMessage());
  }

  @Test
  void rejectsKeyLongerThanTheLimit() throws Exception {
    ObjectName name = new ObjectName("app:name=" + "x".repeat(Keys.MAX_LENGTH));

    assertThrows(IllegalArgumentException.class, () -> KeyTemplate.parse("a.{name}").expand(name));
  }
}
