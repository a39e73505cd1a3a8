package dev.hermes.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChildLaunchTest {
  private final Map<String, String> own = Map.of("HERMES_NAME", "worker1", "HERMES_PORT", "9091");

  private static ChildLaunch told(String url, String token) {
    return ChildLaunch.root().at(url, null).withToken(token);
  }

  @Test
  void inheritedNameAndPortAreDroppedSoSiblingsNeverClash() {
    Map<String, String> env = new HashMap<>(own);
    assertNull(ChildLaunch.explicitName(env, own));
    told("http://127.0.0.1:9091", "tok").applyTo(env, own);
    assertFalse(env.containsKey("HERMES_NAME"));
    assertEquals("0", env.get("HERMES_PORT"));
    assertEquals("http://127.0.0.1:9091", env.get("HERMES_PARENT"));
    assertEquals("tok", env.get("HERMES_TOKEN"));
  }

  @Test
  void aParentsProbesAlertsAndRequiredChildrenAreItsOwn() {
    Map<String, String> parent =
        Map.of("HERMES_PROBES", "/etc/p", "HERMES_ALERTS", "/etc/a", "HERMES_REQUIRE", "worker1");
    Map<String, String> env = new HashMap<>(parent);
    told("http://127.0.0.1:9091", "tok").applyTo(env, parent);
    assertFalse(env.containsKey("HERMES_PROBES"));
    assertFalse(env.containsKey("HERMES_ALERTS"));
    assertFalse(env.containsKey("HERMES_REQUIRE"));
    env.put("HERMES_PROBES", "/etc/child-probes");
    told("http://127.0.0.1:9091", "tok").applyTo(env, parent);
    assertEquals("/etc/child-probes", env.get("HERMES_PROBES"));
  }

  @Test
  void spawnersOwnChoicesAreKept() {
    Map<String, String> env = new HashMap<>(own);
    env.put("HERMES_NAME", "fetcher");
    env.put("HERMES_PORT", "9500");
    assertEquals("fetcher", ChildLaunch.explicitName(env, own));
    told("http://127.0.0.1:9091", "tok").applyTo(env, own);
    assertEquals("fetcher", env.get("HERMES_NAME"));
    assertEquals("9500", env.get("HERMES_PORT"));
  }

  @Test
  void lineageReplacesWhatWasInheritedAndSharedOnlyFillsGaps() throws Exception {
    Map<String, String> env =
        new HashMap<>(Map.of("HERMES_ANCESTORS", "http://old", "HERMES_SECRET", "mine"));
    env.put("HERMES_PARENT_CERT", "/inherited.pem");
    AgentConfig parent =
        AgentArgs.parse("parent=http://a:1,secret=tree", Map.of("HERMES_ANCESTORS", "http://b:2"));
    ChildLaunch.of(parent).at("http://p:3", null).withToken("tok").applyTo(env, Map.of());
    assertEquals("http://a:1,http://b:2", env.get("HERMES_ANCESTORS"));
    assertFalse(env.containsKey("HERMES_PARENT_CERT"));
    assertEquals("mine", env.get("HERMES_SECRET"));
  }

  @Test
  void parentWithoutEndpointMakesTheChildARoot() {
    Map<String, String> env = new HashMap<>(Map.of("HERMES_PARENT", "x", "HERMES_TOKEN", "y"));
    ChildLaunch.root().withToken("tok").applyTo(env, Map.of());
    assertFalse(env.containsKey("HERMES_PARENT"));
    assertFalse(env.containsKey("HERMES_TOKEN"));
  }

  @Test
  void theSecretGoesToChildrenThatHaveNone() throws Exception {
    Map<String, String> env = new HashMap<>();
    ChildLaunch.of(AgentArgs.parse("secret=tree", Map.of()))
        .at("http://p:3", null)
        .withToken("tok")
        .applyTo(env, Map.of());
    assertEquals("tree", env.get("HERMES_SECRET"));
    assertFalse(env.containsKey("HERMES_ANCESTORS"));
  }
}
