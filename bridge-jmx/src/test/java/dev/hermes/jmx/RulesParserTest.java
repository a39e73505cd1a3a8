package dev.hermes.jmx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

class RulesParserTest {
  private final List<String> problems = new ArrayList<>();

  @Test
  void parsesTemplatePatternAndAttribute() throws Exception {
    Rule rule = parseOne("kafka.{topic}.bytes_in = kafka.server:type=Broker,topic=* OneMinuteRate");

    assertEquals(new ObjectName("kafka.server:type=Broker,topic=*"), rule.pattern);
    assertEquals("OneMinuteRate", rule.attribute);
    assertEquals("kafka.{topic}.bytes_in", rule.key.toString());
  }

  @Test
  void keepsSpacesInsideObjectName() throws Exception {
    Rule rule =
        parseOne(
            "gc.young = java.lang:type=GarbageCollector,name=G1 Young Generation CollectionCount");

    assertEquals("G1 Young Generation", rule.pattern.getKeyProperty("name"));
    assertEquals("CollectionCount", rule.attribute);
  }

  @Test
  void splitsCompositePathAfterAttribute() {
    Rule rule = parseOne("heap.used = java.lang:type=Memory HeapMemoryUsage.used");

    assertEquals("HeapMemoryUsage", rule.attribute);
    assertEquals(List.of("used"), rule.path);
  }

  @Test
  void ignoresCommentsAndBlankLines() {
    List<Rule> rules =
        RulesParser.parse(List.of("# a comment", "", "   ", "a = app:type=A Value"), problems::add);

    assertEquals(1, rules.size());
    assertEquals(List.of(), problems);
  }

  @Test
  void skipsInvalidRuleAndKeepsOthers() {
    List<Rule> rules =
        RulesParser.parse(
            List.of("a = app:type=A Value", "b = app:type=B", "c = app:type=C Value"),
            problems::add);

    assertEquals(List.of(1, 3), rules.stream().map(r -> r.line).collect(Collectors.toList()));
    assertEquals(1, problems.size());
    assertTrue(problems.get(0).startsWith("line 2: no attribute"), problems.get(0));
  }

  @Test
  void reportsMalformedObjectNameWithTheFix() {
    RulesParser.parse(List.of("a = app-no-colon Value"), problems::add);

    assertTrue(problems.get(0).contains("write domain:key=value"), problems.get(0));
  }

  @Test
  void reportsMissingEquals() {
    RulesParser.parse(List.of("app.value"), problems::add);

    assertTrue(problems.get(0).startsWith("line 1: no '='"), problems.get(0));
  }

  @Test
  void reportsMissingKeyTemplate() {
    RulesParser.parse(List.of("app:type=A Value"), problems::add);

    assertTrue(problems.get(0).startsWith("line 1: no key template"), problems.get(0));
  }

  @Test
  void rejectsPlaceholderThePatternLacks() {
    RulesParser.parse(List.of("t.{topc} = kafka:type=T,topic=* Count"), problems::add);

    assertTrue(problems.get(0).contains("{topc} is not a key property"), problems.get(0));
  }

  @Test
  void acceptsAnyPlaceholderForPropertyListPattern() {
    List<Rule> rules =
        RulesParser.parse(List.of("t.{topic} = kafka:type=T,* Count"), problems::add);

    assertEquals(1, rules.size());
  }

  @Test
  void rejectsEmptyPartOfAttributePath() {
    RulesParser.parse(List.of("a = app:type=A Usage..used"), problems::add);

    assertTrue(problems.get(0).contains("has an empty part"), problems.get(0));
  }

  private Rule parseOne(String line) {
    List<Rule> rules = RulesParser.parse(List.of(line), problems::add);
    assertEquals(List.of(), problems);
    return rules.get(0);
  }
}
