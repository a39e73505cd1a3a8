package dev.hermes.agent.spawn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChildEnvironmentTest {
  private final Map<String, String> own = Map.of("HERMES_NAME", "worker1", "HERMES_PORT", "9091");

  @Test
  void inheritedNameAndPortAreDroppedSoSiblingsNeverClash() {
    Map<String, String> env = new HashMap<>(own);
    assertNull(ChildEnvironment.explicitName(env, own));
    ChildEnvironment.apply(env, own, "http://127.0.0.1:9091", "tok", Map.of(), Map.of());
    assertFalse(env.containsKey("HERMES_NAME"));
    assertEquals("0", env.get("HERMES_PORT"));
    assertEquals("http://127.0.0.1:9091", env.get("HERMES_PARENT"));
    assertEquals("tok", env.get("HERMES_TOKEN"));
  }

  @Test
  void spawnersOwnChoicesAreKept() {
    Map<String, String> env = new HashMap<>(own);
    env.put("HERMES_NAME", "fetcher");
    env.put("HERMES_PORT", "9500");
    assertEquals("fetcher", ChildEnvironment.explicitName(env, own));
    ChildEnvironment.apply(env, own, "http://127.0.0.1:9091", "tok", Map.of(), Map.of());
    assertEquals("fetcher", env.get("HERMES_NAME"));
    assertEquals("9500", env.get("HERMES_PORT"));
  }

  @Test
  void lineageReplacesWhatWasInheritedAndSharedOnlyFillsGaps() {
    Map<String, String> env =
        new HashMap<>(Map.of("HERMES_ANCESTORS", "http://old", "HERMES_SECRET", "mine"));
    Map<String, String> lineage = new HashMap<>();
    lineage.put("HERMES_ANCESTORS", "http://a:1,http://b:2");
    lineage.put("HERMES_PARENT_CERT", null);
    env.put("HERMES_PARENT_CERT", "/inherited.pem");
    ChildEnvironment.apply(
        env, Map.of(), "http://p:3", "tok", lineage, Map.of("HERMES_SECRET", "tree"));
    assertEquals("http://a:1,http://b:2", env.get("HERMES_ANCESTORS"));
    assertFalse(env.containsKey("HERMES_PARENT_CERT"));
    assertEquals("mine", env.get("HERMES_SECRET"));
  }

  @Test
  void parentWithoutEndpointMakesTheChildARoot() {
    Map<String, String> env = new HashMap<>(Map.of("HERMES_PARENT", "x", "HERMES_TOKEN", "y"));
    ChildEnvironment.apply(env, Map.of(), null, "tok", Map.of(), Map.of());
    assertFalse(env.containsKey("HERMES_PARENT"));
    assertFalse(env.containsKey("HERMES_TOKEN"));
  }
}
