package dev.hermes.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hermes.it.apps.PropertiesApp;
import dev.hermes.it.apps.RetransformingAgent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a JVM does not use costs it nothing (issue 17): with the defaults, the classes of the
 * features left unset never load, nor does Hermes create the platform MBeanServer; yet {@code
 * dev.hermes:type=Status} is there for JConsole, which attaches and starts the local JMX agent.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FootprintIT {
  // The packages (and classes) of features that load only when configured or first requested.
  private static final List<String> UNSET =
      List.of(
          "dev.hermes.agent.probe.",
          "dev.hermes.agent.alert.",
          "dev.hermes.agent.pull.",
          "dev.hermes.agent.http.UiHandler");
  private static final String PLATFORM_SERVER = "com.sun.jmx.mbeanserver.JmxMBeanServer";

  private static Started app;
  private static String url;
  private static Path classLog;

  @BeforeAll
  static void start() throws Exception {
    // A directory of its own: the JVM may write classes.log.0 beside classes.log.
    classLog = Temp.dir("hermes-classes").resolve("classes.log");
    int port = Jvm.freePort();
    url = "http://127.0.0.1:" + port;
    app =
        Jvm.withAgent("port=" + port + ",jmxInterval=0.5")
            .option("-Xlog:class+load:file=" + classLog)
            .classPath(Jvm.apps())
            .main("dev.hermes.it.apps.PlainApp", "600000")
            .start();
  }

  @AfterAll
  static void stop() throws IOException {
    app.close();
    Files.deleteIfExists(classLog);
  }

  @Test
  @Order(1)
  void unsetFeaturesLoadNoneOfTheirClassesAndNoMBeanServerIsMade() throws Exception {
    // Sampled by the JMX bridge, and every route a scraper uses asked once.
    app.awaitBody(url, b -> b.contains("jvm.memory.heap.used"));
    for (String path : new String[] {"/", "/?type=json", "/metrics", "/health"}) {
      Http.get(url + path);
    }
    List<String> loaded = loadedClasses();
    assertTrue(loaded.contains("dev.hermes.jmx.JmxBridge"), "the log lists the agent's classes");
    List<String> unwanted = new ArrayList<>();
    for (String c : loaded) {
      for (String prefix : UNSET) {
        if (c.startsWith(prefix)) {
          unwanted.add(c);
        }
      }
    }
    assertEquals(List.of(), unwanted, "classes of features that are not configured");
    assertFalse(loaded.contains(PLATFORM_SERVER), "Hermes created the platform MBeanServer");
  }

  @Test
  @Order(2)
  void theCheckedPackagesAreRealOnes() throws IOException {
    try (JarFile jar = new JarFile(Jvm.hermesJar().toFile())) {
      for (String prefix : UNSET) {
        String dir = prefix.replace('.', '/');
        assertTrue(
            jar.stream()
                .anyMatch(e -> e.getName().startsWith(dir) && e.getName().endsWith(".class")),
            prefix + " has classes in hermes.jar");
      }
    }
  }

  @Test
  @Order(3)
  void statusMBeanIsThereForJConsole() throws Exception {
    app.awaitBody(url, b -> b.contains("process.pid"));
    Map<String, String> overJmx = JmxIT.statusOverJmx(app.pid());
    assertEquals(Long.toString(app.pid()), overJmx.get("process.pid"), overJmx.toString());
    assertEquals("running", overJmx.get("status"));
    assertTrue(loadedClasses().contains(PLATFORM_SERVER), "JConsole's attach made the server");
    assertEquals("", app.stderr());
  }

  @Test
  @Order(4)
  void anotherAgentRetransformingProcessBuilderLeavesChildrenHooked(@TempDir Path dir)
      throws Exception {
    // Hermes's transformer is gone once ProcessBuilder is rewritten; the JVM must reapply its
    // rewrite when an APM-like agent retransforms the class (it did not when the transformer was
    // retransformation-capable and removed).
    Path agent = dir.resolve("retransforming-agent.jar");
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().putValue("Premain-Class", RetransformingAgent.class.getName());
    manifest.getMainAttributes().putValue("Can-Retransform-Classes", "true");
    try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(agent), manifest)) {
      Path classes = Path.of(Jvm.apps());
      try (Stream<Path> files = Files.walk(classes.resolve("dev/hermes/it/apps"))) {
        for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
          if (f.getFileName().toString().startsWith("RetransformingAgent")) {
            jar.putNextEntry(new JarEntry(classes.relativize(f).toString()));
            jar.write(Files.readAllBytes(f));
            jar.closeEntry();
          }
        }
      }
    }
    int port = Jvm.freePort();
    String root = "http://127.0.0.1:" + port;
    try (Started parent =
        Jvm.withAgent("port=" + port)
            .option("-javaagent:" + agent)
            .classPath(Jvm.apps())
            .main(RetransformingAgent.class.getName())
            .start()) {
      String body = parent.awaitBody(root, b -> b.contains("/hermes.child.state: running")).body;
      assertTrue(parent.stdout().contains("retransformed: yes"), parent.stdout());
      assertTrue(body.contains("PlainApp/hermes.child.state: running"), body);
    }
  }

  @Test
  @Order(5)
  void theHostCanStillListAndStoreItsSystemProperties() throws Exception {
    // The hooks lived in the system properties, and a value that is not a String made
    // Properties.list and store throw ClassCastException in the host.
    try (Started props =
        Jvm.withAgent("port=0").classPath(Jvm.apps()).main(PropertiesApp.class.getName()).start()) {
      assertEquals(0, props.awaitExit(Duration.ofSeconds(60)), props.stderr());
      assertTrue(props.stdout().contains("listed "), props.stdout());
      assertTrue(props.stdout().contains("stored "), props.stdout());
      assertEquals("", props.stderr());
    }
  }

  private static List<String> loadedClasses() throws IOException {
    List<String> names = new ArrayList<>();
    for (String line : Files.readAllLines(classLog, StandardCharsets.UTF_8)) {
      // [0.012s][info][class,load] java.lang.Object source: shared objects file
      int start = line.indexOf("] ");
      int end = line.indexOf(" source:");
      if (start >= 0 && end > start) {
        names.add(line.substring(line.lastIndexOf("] ", end) + 2, end));
      }
    }
    return names;
  }
}
