package dev.hermes.it;

import static java.nio.file.StandardCopyOption.ATOMIC_MOVE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.hermes.it.webapp.Reporter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Real servers with two webapps each, both bundling hermes-api in WEB-INF/lib (as a webapp's {@code
 * compile} dependency does): Tomcat's distribution and Jetty 12's (jetty-home, ee10 deployer) from
 * Maven Central. Both webapps' keys are at the server's Hermes endpoint; once one is undeployed its
 * class loader is collected (a heap histogram after a full GC counts the server's webapp class
 * loaders and the webapps' subscriptions), while its keys stay and the other webapp goes on
 * reporting.
 */
class WebappsIT {
  private static final String TOMCAT_LOADER =
      "org.apache.catalina.loader.ParallelWebappClassLoader";
  // Jetty 12.0's ee10 webapps' loader (12.1's ee10 makes its ee-neutral module's, ee.webapp).
  private static final String JETTY_LOADER = "org.eclipse.jetty.ee10.webapp.WebAppClassLoader";
  // One per open subscription of a webapp's copy of the api (the webapp holds it, the agent only
  // weakly): each webapp's Reporter subscribes once and never closes it.
  private static final String SUBSCRIPTION = "dev.hermes.api.StoreBridge$Forward";

  private final List<Path> dirs = new ArrayList<>();

  @AfterEach
  void removeDirs() throws IOException {
    for (Path dir : dirs) {
      Temp.delete(dir);
    }
  }

  @Test
  void tomcatsWebappsReportSideBySideAndAnUndeployedOneLeaksNothing() throws Exception {
    Path home = Path.of(System.getProperty("hermes.tomcat"));
    Path base = tempDir("hermes-tomcat");
    for (String dir : List.of("conf", "webapps", "logs", "temp", "work")) {
      Files.createDirectories(base.resolve(dir));
    }
    try (Stream<Path> conf = Files.list(home.resolve("conf"))) {
      for (Path file : conf.collect(Collectors.toList())) {
        Files.copy(file, base.resolve("conf").resolve(file.getFileName()));
      }
    }
    // The distribution's server.xml with no fixed port (no shutdown port, HTTP on an ephemeral
    // one), and the deployer checking webapps/ every second instead of every ten.
    Path serverXml = base.resolve("conf/server.xml");
    String xml = Files.readString(serverXml, StandardCharsets.UTF_8);
    String edited =
        replaceOnce(
            replaceOnce(
                replaceOnce(xml, "<Server port=\"8005\"", "<Server port=\"-1\""),
                "<Connector port=\"8080\"",
                "<Connector port=\"0\" address=\"127.0.0.1\""),
            "<Engine name=\"Catalina\" defaultHost=\"localhost\">",
            "<Engine name=\"Catalina\" defaultHost=\"localhost\" backgroundProcessorDelay=\"1\">");
    Files.writeString(serverXml, edited, StandardCharsets.UTF_8);
    war(base.resolve("webapps/app1.war"));
    war(base.resolve("webapps/app2.war"));

    int port = Jvm.freePort();
    // As catalina.sh run starts it, less the script (issue 15's launcher part covers scripts).
    Jvm tomcat =
        Jvm.withAgent("port=" + port)
            .option("-Djava.util.logging.config.file=" + base.resolve("conf/logging.properties"))
            .option("-Djava.util.logging.manager=org.apache.juli.ClassLoaderLogManager")
            .option("--add-opens=java.base/java.lang=ALL-UNNAMED")
            .option("--add-opens=java.base/java.io=ALL-UNNAMED")
            .option("--add-opens=java.base/java.util=ALL-UNNAMED")
            .option("--add-opens=java.base/java.util.concurrent=ALL-UNNAMED")
            .option("--add-opens=java.rmi/sun.rmi.transport=ALL-UNNAMED")
            .option("-Dcatalina.home=" + home)
            .option("-Dcatalina.base=" + base)
            .option("-Djava.io.tmpdir=" + base.resolve("temp"))
            .classPath(
                home.resolve("bin/bootstrap.jar").toString(),
                home.resolve("bin/tomcat-juli.jar").toString())
            .main("org.apache.catalina.startup.Bootstrap", "start");
    try (Started server = tomcat.start()) {
      String url = "http://127.0.0.1:" + port;
      bothReportThenOneGoes(
          server,
          url,
          TOMCAT_LOADER,
          () -> Files.delete(base.resolve("webapps/app2.war")),
          base.resolve("logs"));
      // Tomcat checks a stopped webapp for threads and ThreadLocals it left behind.
      String stderr = server.stderr();
      assertTrue(stderr.contains("Undeploying"), "Tomcat's own lines are there: " + stderr);
      assertFalse(stderr.contains("memory leak"), stderr);
    }
  }

  @Test
  void jettyHomesWebappsReportSideBySideAndAnUndeployedOneLeaksNothing() throws Exception {
    // As Jetty's documentation sets one up: JETTY_HOME unpacked, a JETTY_BASE with the http and
    // ee10-deploy modules, start.jar run in JETTY_BASE; WARs dropped into webapps/ while it runs.
    Path work = tempDir("hermes-jetty");
    Path home = JettyHome.unpack(work);
    Path base = JettyHome.base(home, work.resolve("base"), "http,ee10-deploy");
    Path temp = Files.createDirectories(base.resolve("temp"));
    int port = Jvm.freePort();
    Jvm jetty =
        Jvm.withAgent("port=" + port)
            .option("-Djava.io.tmpdir=" + temp)
            .directory(base)
            .main(
                "-jar",
                home.resolve("start.jar").toString(),
                "jetty.home=" + home,
                "jetty.base=" + base,
                "jetty.http.host=127.0.0.1",
                "jetty.http.port=0",
                // The deployer scans webapps/ every second (by default never once started).
                "jetty.deploy.scanInterval=1");
    try (Started server = jetty.start()) {
      awaitStderr(server, "Started oejs.Server@");
      for (String app : List.of("app1", "app2")) {
        // Written beside webapps/ and moved in whole, as the scanner must not see half a WAR.
        Path war = work.resolve(app + ".war");
        war(war);
        Files.move(war, base.resolve("webapps").resolve(war.getFileName()), ATOMIC_MOVE);
      }
      bothReportThenOneGoes(
          server,
          "http://127.0.0.1:" + port,
          JETTY_LOADER,
          () -> Files.delete(base.resolve("webapps/app2.war")),
          null);
      assertTrue(server.stderr().contains("Stopped oeje10w.WebAppContext@"), server.stderr());
    }
  }

  /** Waits until the server's stderr has {@code line} (part of a line of its log). */
  private static void awaitStderr(Started server, String line) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (!server.stderr().contains(line)) {
      if (!server.process.isAlive() || System.nanoTime() > deadline) {
        fail("no [" + line + "] from the server; stderr: " + server.stderr());
      }
      Thread.sleep(100);
    }
  }

  private void bothReportThenOneGoes(
      Started server, String url, String loaderClass, Step undeploy, Path logs) throws Exception {
    Map<String, String> keys =
        await(
            server,
            url,
            b -> b.contains("webapp.app1.started") && b.contains("webapp.app2.started"),
            logs);
    // Both webapps' copies of the api report into the agent's store and read from it.
    assertEquals("yes", keys.get("webapp.app1.started"));
    assertEquals("yes", keys.get("webapp.app2.started"));
    assertEquals("true", keys.get("webapp.app1.sees_agent"), "app1 reads the agent's keys");
    assertEquals("true", keys.get("webapp.app2.sees_agent"), "app2 reads the agent's keys");
    assertEquals("running", keys.get("status"));
    Map<String, Long> before = histogram(server.pid(), loaderClass, SUBSCRIPTION);
    assertEquals(2L, before.get(loaderClass), "two webapps, two loaders: " + before);
    assertEquals(2L, before.get(SUBSCRIPTION), "one subscription a webapp: " + before);

    undeploy.run();
    // app1's listener, subscribed through the agent, hears app2 say it stops.
    keys = await(server, url, b -> b.contains("listened.app1: webapp.app2.stopped"), logs);
    // The keys of an undeployed webapp stay (strings in the agent's store) until removed or
    // expired, as any key does.
    assertEquals("yes", keys.get("webapp.app2.started"));

    // Its loader and its never-closed subscription go with the next full GC after Tomcat or
    // Jetty let go of them; each histogram is one.
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    Map<String, Long> after = histogram(server.pid(), loaderClass, SUBSCRIPTION);
    while (after.get(loaderClass) != 1L && System.nanoTime() < deadline) {
      Thread.sleep(500);
      after = histogram(server.pid(), loaderClass, SUBSCRIPTION);
    }
    assertEquals(1L, after.get(loaderClass), "app2's class loader was not collected: " + after);
    assertEquals(1L, after.get(SUBSCRIPTION), "app2's subscription was kept: " + after);
    assertEquals("", stderrLines(server), "the agent said nothing");
  }

  /** Hermes's lines on the server's stderr. */
  private static String stderrLines(Started server) throws IOException {
    return server
        .stderr()
        .lines()
        .filter(l -> l.startsWith("[hermes]"))
        .collect(Collectors.joining("\n"));
  }

  private static Map<String, String> await(
      Started server, String url, Predicate<String> ready, Path logs) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    String last = null;
    while (System.nanoTime() < deadline) {
      if (!server.process.isAlive()) {
        fail("server exited: " + server.stderr() + logsOf(logs));
      }
      try {
        Http.Response r = Http.get(url);
        last = r.body;
        if (r.status == 200 && ready.test(r.body)) {
          return TextLines.parse(r.body);
        }
      } catch (IOException notYet) {
        // the endpoint is not up yet
      }
      Thread.sleep(100);
    }
    fail(
        "no ready answer from "
            + url
            + "; last: "
            + last
            + "; stderr: "
            + server.stderr()
            + logsOf(logs));
    return null;
  }

  private static String logsOf(Path logs) throws IOException {
    if (logs == null) {
      return "";
    }
    StringBuilder all = new StringBuilder();
    try (Stream<Path> files = Files.list(logs)) {
      for (Path file : files.collect(Collectors.toList())) {
        all.append("\n--- ").append(file.getFileName()).append('\n').append(Files.readString(file));
      }
    }
    return all.toString();
  }

  /** Instances of each class named, by {@code jcmd GC.class_histogram} (which runs a full GC). */
  private static Map<String, Long> histogram(long pid, String... classNames) throws Exception {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    Process p =
        new ProcessBuilder(jcmd.toString(), Long.toString(pid), "GC.class_histogram")
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      fail("jcmd failed: " + out);
    }
    Map<String, Long> counts = new java.util.LinkedHashMap<>();
    for (String name : classNames) {
      counts.put(name, 0L);
    }
    for (String line : out.split("\n")) {
      String[] f = line.trim().split("\\s+");
      if (f.length >= 4 && f[0].endsWith(":") && counts.containsKey(f[3])) {
        counts.merge(f[3], Long.parseLong(f[1]), Long::sum);
      }
    }
    return counts;
  }

  /** A webapp: web.xml naming the Reporter, its classes, and hermes-api in WEB-INF/lib. */
  private static void war(Path war) throws IOException {
    Path classes = Path.of(Jvm.apps(), "dev/hermes/it/webapp");
    try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(war))) {
      zip.putNextEntry(new ZipEntry("WEB-INF/web.xml"));
      zip.write(
          ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                  + "<web-app xmlns=\"https://jakarta.ee/xml/ns/jakartaee\" version=\"6.0\""
                  + " metadata-complete=\"true\">\n"
                  + "  <listener><listener-class>"
                  + Reporter.class.getName()
                  + "</listener-class></listener>\n"
                  + "</web-app>\n")
              .getBytes(StandardCharsets.UTF_8));
      try (Stream<Path> files = Files.list(classes)) {
        for (Path file : files.collect(Collectors.toList())) {
          zip.putNextEntry(
              new ZipEntry("WEB-INF/classes/dev/hermes/it/webapp/" + file.getFileName()));
          zip.write(Files.readAllBytes(file));
        }
      }
      zip.putNextEntry(new ZipEntry("WEB-INF/lib/hermes-api.jar"));
      zip.write(Files.readAllBytes(Jvm.apiJar()));
    }
  }

  private Path tempDir(String prefix) throws IOException {
    Path dir = Temp.dir(prefix);
    dirs.add(dir);
    return dir;
  }

  private static String replaceOnce(String text, String from, String to) {
    int at = text.indexOf(from);
    if (at < 0) {
      fail("server.xml has no [" + from + "]");
    }
    return text.substring(0, at) + to + text.substring(at + from.length());
  }

  private interface Step {
    void run() throws Exception;
  }
}
