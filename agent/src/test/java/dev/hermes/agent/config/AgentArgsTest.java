package dev.hermes.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class AgentArgsTest {
  @Test
  void defaultsToLoopbackOn9091() throws Exception {
    AgentConfig config = AgentArgs.parse(null, Map.of());
    assertEquals("127.0.0.1", config.bind());
    assertEquals(9091, config.port());
    assertNull(config.parent());
  }

  @Test
  void onlyTheDefaultPortMayGiveWayToAFreeOne() throws Exception {
    assertFalse(AgentArgs.parse(null, Map.of()).portExplicit());
    assertTrue(AgentArgs.parse("port=9091", Map.of()).portExplicit());
    assertTrue(AgentArgs.parse(null, Map.of("HERMES_PORT", "9091")).portExplicit());
    assertTrue(AgentArgs.parse(null, Map.of("HERMES_PARENT", "http://127.0.0.1:9")).portExplicit());
    AgentConfig free = AgentArgs.parse(null, Map.of()).withFreePort();
    assertEquals(0, free.port());
    assertTrue(free.portExplicit());
    assertTrue(AgentArgs.parse("port=7", Map.of()).withBind("::1").portExplicit());
  }

  @Test
  void argumentWinsOverEnvironment() throws Exception {
    AgentConfig config =
        AgentArgs.parse("port=1234", Map.of("HERMES_PORT", "5678", "HERMES_BIND", "::1"));
    assertEquals(1234, config.port());
    assertEquals("::1", config.bind());
  }

  @Test
  void childWithParentBindsEphemeralPortUnlessTold() throws Exception {
    Map<String, String> env =
        Map.of("HERMES_PARENT", "http://127.0.0.1:9091", "HERMES_TOKEN", "t0k");
    AgentConfig child = AgentArgs.parse("", env);
    assertEquals(0, child.port());
    assertEquals("t0k", child.token());
    assertEquals(7000, AgentArgs.parse("port=7000", env).port());
  }

  @Test
  void rejectsUnknownSettingNamingTheKnownOnes() {
    ConfigException e =
        assertThrows(ConfigException.class, () -> AgentArgs.parse("prot=1", Map.of()));
    assertEquals(
        "unknown agent setting [prot]: known settings are port, bind, inject, name, parent, jmx,"
            + " jmxInterval, grace, childMemory, childResources, secret, secretFile, tls,"
            + " tlsPassword, probes, alerts, require, children, childrenFile, pullInterval, allowedHosts",
        e.getMessage());
  }

  @Test
  void rejectsPortOutOfRange() {
    assertThrows(ConfigException.class, () -> AgentArgs.parse("port=65536", Map.of()));
    assertThrows(ConfigException.class, () -> AgentArgs.parse("port=-1", Map.of()));
  }

  @Test
  void rejectsArgumentWithoutEquals() {
    ConfigException e =
        assertThrows(ConfigException.class, () -> AgentArgs.parse("port", Map.of()));
    assertEquals("invalid agent argument [port]: use key=value, e.g. port=9091", e.getMessage());
  }

  @Test
  void parsesProbesAlertsAndRequire() throws Exception {
    AgentConfig none = AgentArgs.parse(null, Map.of());
    assertEquals(null, none.probes());
    assertEquals(null, none.alerts());
    assertEquals(java.util.List.of(), none.require());
    AgentConfig config =
        AgentArgs.parse(
            "probes=/etc/p,alerts=/etc/a,require=worker1|db*", Map.of("HERMES_REQUIRE", "other"));
    assertEquals(java.nio.file.Path.of("/etc/p"), config.probes());
    assertEquals(java.nio.file.Path.of("/etc/a"), config.alerts());
    assertEquals(java.util.List.of("worker1", "db*"), config.require());
    assertEquals(
        java.util.List.of("a", "b"),
        AgentArgs.parse(null, Map.of("HERMES_REQUIRE", "a,b")).require());
    assertThrows(ConfigException.class, () -> AgentArgs.parse("require=a/b", Map.of()));
  }

  @Test
  void parsesAllowedHosts() throws Exception {
    assertEquals(java.util.List.of(), AgentArgs.parse(null, Map.of()).allowedHosts());
    assertEquals(
        java.util.List.of("status.internal", "myhost"),
        AgentArgs.parse("allowedHosts=Status.Internal|myhost", Map.of()).allowedHosts());
    assertEquals(
        java.util.List.of("a.b", "c"),
        AgentArgs.parse(null, Map.of("HERMES_ALLOWED_HOSTS", "a.b, c")).allowedHosts());
    for (String bad : new String[] {"http://a", "a:9091", "a/b", "*.a", "-a"}) {
      ConfigException e =
          assertThrows(
              ConfigException.class, () -> AgentArgs.parse("allowedHosts=" + bad, Map.of()));
      assertTrue(e.getMessage().startsWith("invalid allowedHosts [" + bad + "]: use host names"));
    }
  }

  @Test
  void parsesInjectSwitchAndName() throws Exception {
    AgentConfig config = AgentArgs.parse("inject=off,name=worker1", Map.of());
    assertFalse(config.inject());
    assertEquals("worker1", config.name());
    assertThrows(ConfigException.class, () -> AgentArgs.parse("inject=maybe", Map.of()));
    assertThrows(ConfigException.class, () -> AgentArgs.parse("name=a/b", Map.of()));
  }

  @Test
  void childResourcesAreSampledUnlessSwitchedOff() throws Exception {
    assertTrue(AgentArgs.parse("", Map.of()).childResources());
    assertFalse(AgentArgs.parse("childResources=off", Map.of()).childResources());
    assertFalse(AgentArgs.parse("", Map.of("HERMES_CHILD_RESOURCES", "off")).childResources());
    assertThrows(ConfigException.class, () -> AgentArgs.parse("childResources=no", Map.of()));
  }

  @Test
  void rejectsParentThatIsNotAnHttpUrl() {
    assertThrows(ConfigException.class, () -> AgentArgs.parse("parent=localhost:9091", Map.of()));
  }

  @Test
  void secretFileWinsAndIsTrimmed(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    java.nio.file.Path file = dir.resolve("secret");
    java.nio.file.Files.writeString(file, "  s3cret\n");
    AgentConfig config = AgentArgs.parse("secretFile=" + file, Map.of("HERMES_SECRET", "from-env"));
    assertEquals("s3cret", config.secret());
    assertEquals(file.toString(), config.secretFile().toString());
    assertEquals("from-env", AgentArgs.parse("", Map.of("HERMES_SECRET", "from-env")).secret());
  }

  @Test
  void missingSecretFileIsAConfigError() {
    ConfigException e =
        assertThrows(
            ConfigException.class, () -> AgentArgs.parse("secretFile=/nonexistent/s", Map.of()));
    assertEquals(
        "cannot read secretFile [/nonexistent/s]: NoSuchFileException: /nonexistent/s",
        e.getMessage());
  }

  @Test
  void childMemoryIsASizeOrAShareOfTheHeapWithADefaultOfFivePercent() throws Exception {
    long heap = 1L << 30;
    assertEquals(64L << 20, AgentArgs.parseChildMemory("64m", heap));
    assertEquals(64L << 20, AgentArgs.parseChildMemory("64M", heap));
    assertEquals(2048L << 10, AgentArgs.parseChildMemory("2048k", heap));
    assertEquals(1L << 30, AgentArgs.parseChildMemory("1g", heap));
    assertEquals(3L << 20, AgentArgs.parseChildMemory(Long.toString(3L << 20), heap));
    assertEquals(heap / 10, AgentArgs.parseChildMemory("10%", heap));
    for (String bad : new String[] {"", "0", "512k", "-1m", "x", "10t", "0%", "101%", "m"}) {
      ConfigException e =
          assertThrows(ConfigException.class, () -> AgentArgs.parseChildMemory(bad, heap), bad);
      assertEquals(
          "invalid childMemory ["
              + bad
              + "]: use a size of at least 1m, e.g. 64m or 1g, or a share of the heap, e.g. 10%",
          e.getMessage());
    }
    assertEquals(
        32L << 20, AgentArgs.parse("", Map.of("HERMES_CHILD_MEMORY", "32m")).childMemory());
    assertEquals(
        AgentConfig.defaultChildMemory(Runtime.getRuntime().maxMemory()),
        AgentArgs.parse("", Map.of()).childMemory());
    assertEquals(4L << 20, AgentConfig.defaultChildMemory(16L << 20), "a floor");
    assertEquals(10L << 20, AgentConfig.defaultChildMemory(200L << 20), "5%");
    assertEquals(256L << 20, AgentConfig.defaultChildMemory(64L << 30), "a cap");
  }

  @Test
  void envNamesAreUpperSnakeCase() {
    assertEquals("HERMES_SECRET_FILE", Contract.envName("secretFile"));
    assertEquals("HERMES_PORT", Contract.envName("port"));
  }
}
