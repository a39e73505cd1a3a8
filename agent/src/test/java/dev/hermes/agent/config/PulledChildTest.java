package dev.hermes.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PulledChildTest {
  @Test
  void childrenFromTheArgumentTheEnvironmentAndAFile() throws Exception {
    AgentConfig c =
        AgentArgs.parse(
            "children=c3=http://10.0.0.3:9094|c4=https://h:9095 cert=/etc/c4.pem,pullInterval=0.5",
            Map.of());
    List<PulledChild> children = c.children();
    assertEquals(2, children.size());
    assertEquals("c3", children.get(0).name());
    assertEquals("http://10.0.0.3:9094", children.get(0).url().toString());
    assertNull(children.get(0).trust());
    assertEquals(Path.of("/etc/c4.pem"), children.get(1).trust());
    assertTrue(children.get(1).pinned());
    assertEquals(Duration.ofMillis(500), c.pullInterval());
    assertTrue(c.pulls());

    AgentConfig env =
        AgentArgs.parse(null, Map.of("HERMES_CHILDREN", "a=http://h:1,b=https://h:2 ca=ca.pem"));
    assertEquals(2, env.children().size());
    assertFalse(env.children().get(1).pinned());

    AgentConfig file = AgentArgs.parse("childrenFile=/etc/hermes/children", Map.of());
    assertEquals(Path.of("/etc/hermes/children"), file.childrenFile());
    assertTrue(file.pulls());
    assertFalse(AgentArgs.parse(null, Map.of()).pulls());
    assertEquals(Duration.ofSeconds(5), AgentArgs.parse(null, Map.of()).pullInterval());
  }

  @Test
  void aFileLineMaySpaceItsEqualsAndNamesFilesBesideIt() throws Exception {
    PulledChild c = PulledChild.parse("c5 = https://h:9 ca=c5.pem", Path.of("/etc/h/children"));
    assertEquals("c5", c.name());
    assertEquals(Path.of("/etc/h/c5.pem"), c.trust());
  }

  @Test
  void badEntriesAreClearErrors() {
    assertEquals(
        "invalid children entry [c 3=http://h:1]: use name=url",
        assertThrows(ConfigException.class, () -> PulledChild.parse("c 3=http://h:1", null))
            .getMessage());
    assertTrue(
        assertThrows(ConfigException.class, () -> PulledChild.parse("c3=ftp://h/x", null))
            .getMessage()
            .contains("use an http(s) URL"));
    assertTrue(
        assertThrows(ConfigException.class, () -> PulledChild.parse("c3=http://h:1 ca=x", null))
            .getMessage()
            .contains("is for an https URL"));
    assertTrue(
        assertThrows(
                ConfigException.class,
                () -> AgentArgs.parse("children=a=http://h:1|a=http://h:2", Map.of()))
            .getMessage()
            .contains("named twice"));
    assertTrue(
        assertThrows(ConfigException.class, () -> AgentArgs.parse("pullInterval=0.1", Map.of()))
            .getMessage()
            .contains("use 0.5 seconds or more"));
  }
}
