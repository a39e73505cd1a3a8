package dev.hermes.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Real start scripts from distributions on Maven Central (Apache Tomcat's {@code catalina.sh} and
 * {@code startup.sh} and {@code version.sh}, Jetty 12's {@code jetty.sh}, Apache Cassandra's {@code
 * cassandra} and {@code nodetool}), started through {@code sh -c} by a JVM with the agent, so
 * inheriting it as a user's scripts would: each works as it does without the agent, and the JVM it
 * starts joins the tree. Without {@code JAVA_HOME} they reach {@code java} through the PATH, where
 * the agent's shim gives it the agent without a word on stderr; with {@code JAVA_HOME} set they run
 * its {@code bin/java}, which {@code JDK_JAVA_OPTIONS} reaches.
 */
class LauncherScriptsIT {
  private static Path work;
  private static Path tomcat;
  private static Path jettyHome;
  private static Path cassandra;
  private static Path jettyBase;
  private static int jettyPort;

  @BeforeAll
  static void unpack() throws Exception {
    work = Path.of(Jvm.apps()).getParent().resolve("launchers-" + Runtime.version().feature());
    Temp.delete(work);
    Files.createDirectories(work);
    tomcat = work.resolve("tomcat");
    unzip(Path.of(System.getProperty("launchers.tomcat")), tomcat);
    try (Stream<Path> apps = Files.list(tomcat.resolve("webapps"))) {
      for (Path app : (Iterable<Path>) apps::iterator) {
        if (!app.getFileName().toString().equals("ROOT")) {
          Temp.delete(app); // fewer webapps, a faster start
        }
      }
    }
    jettyHome = JettyHome.unpack(work);
    cassandra =
        Archives.untar(
            Path.of(System.getProperty("launchers.cassandra")), work, "apache-cassandra");
    jettyBase = JettyHome.base(jettyHome, work.resolve("jetty-base"), "http");
    jettyPort = Jvm.freePort();
    Files.writeString(
        jettyBase.resolve("start.d/http.ini"),
        "\njetty.http.host=127.0.0.1\njetty.http.port=" + jettyPort + "\n",
        java.nio.file.StandardOpenOption.APPEND);
  }

  @Test
  void shortScriptsPrintExactlyWhatTheyPrintWithoutTheAgent() throws Exception {
    List<String> commands =
        List.of(
            "java -version 2>&1 | head -1",
            "java -version",
            tomcat.resolve("bin/version.sh").toString(),
            // Its cassandra-env.sh greps `java -version 2>&1` for the JVM's version first.
            cassandra.resolve("bin/cassandra") + " -v");
    Map<String, String> env = env(false);
    Path dir = Files.createTempDirectory(work, "short");
    try (Started root = runner(env, dir, commands)) {
      for (int i = 1; i <= commands.size(); i++) {
        String with = awaitOutput(root, dir, i);
        assertEquals(withoutAgent(commands.get(i - 1), env, dir), with, commands.get(i - 1));
        assertFalse(with.contains("Picked up"), with);
      }
      assertTrue(Files.readString(dir.resolve("3.out")).contains("Server version: Apache Tomcat"));
      assertEquals(
          System.getProperty("launchers.cassandra.version") + "\n",
          Files.readString(dir.resolve("4.out")));
    }
  }

  @Test
  void cassandraInTheForegroundServesAndItsJvmJoins() throws Exception {
    // Cassandra 4.0 installs a SecurityManager at start, which JDK 24 and later refuse: it ends at
    // once there, with or without the agent.
    assumeTrue(
        Runtime.version().feature() < 24,
        "Cassandra 4.0 cannot run on JDK 24+ (it sets a security Policy)");
    int cql = Jvm.freePort();
    int jmx = Jvm.freePort();
    Map<String, String> env = env(false);
    env.put("CASSANDRA_CONF", cassandraConf(cql, jmx).toString());
    env.put("MAX_HEAP_SIZE", "256M");
    env.put("HEAP_NEWSIZE", "64M");
    // Its native libraries (lz4, JNA) unpack into the temp dir, and a JVM ended by SIGKILL never
    // deletes them: a temp dir of the test's own, gone with the work dir.
    Path tmp = Files.createDirectories(work.resolve("cassandra-tmp"));
    env.put("JVM_EXTRA_OPTS", "-Djava.io.tmpdir=" + tmp + " -Djna.tmpdir=" + tmp);
    Path dir = Files.createTempDirectory(work, "cassandra-out");
    // -R: CI runs as root, which the script refuses without it.
    try (Started root = runner(env, dir, List.of(cassandra.resolve("bin/cassandra") + " -f -R"))) {
      String child = awaitJoined(root, "org.apache.cassandra.service.CassandraDaemon");
      assertEquals("sh/", child, "joined as the script it runs, by the script's token");
      awaitListening(cql, root, dir.resolve("1.out"));
      // Cassandra 4.0's nodetool writes rmi://[host]:port, which JDK 17.0.3+ refuses unless told
      // to parse as before (CASSANDRA-17581): the workaround its users pass.
      String nodetool =
          cassandra.resolve("bin/nodetool")
              + " -Dcom.sun.jndi.rmiURLParsing=legacy -h 127.0.0.1 -p "
              + jmx
              + " version";
      String with = withAgent(nodetool, env);
      assertEquals(
          "0\nReleaseVersion: " + System.getProperty("launchers.cassandra.version"), with.trim());
      assertEquals(withoutAgent(nodetool, env, dir), with);
      String out = Files.readString(dir.resolve("1.out"));
      assertTrue(out.contains("Starting listening for CQL clients"), out);
      assertFalse(out.contains("[hermes]"), out);
      assertFalse(out.contains("Picked up"), out);
    }
  }

  /**
   * Cassandra's conf as a user running 4.0 on JDK 17 makes it, with or without the agent: G1 for
   * the CMS collector that JDK 14 removed (the choice its jvm11-server.options offers), the {@code
   * --add-opens} its code needs on JDK 17, and ports of its own on 127.0.0.1.
   */
  private static Path cassandraConf(int cql, int jmx) throws IOException {
    Path conf = Files.createTempDirectory(work, "cassandra-conf");
    copyFiles(cassandra.resolve("conf"), conf);
    StringBuilder options = new StringBuilder();
    for (String line : Files.readAllLines(conf.resolve("jvm11-server.options"))) {
      boolean cms = line.startsWith("-XX:+UseConcMarkSweepGC") || line.contains("CMS");
      options.append(cms ? "#" + line : line.equals("#-XX:+UseG1GC") ? "-XX:+UseG1GC" : line);
      options.append('\n');
    }
    for (String p :
        List.of(
            "java.io",
            "java.lang",
            "java.lang.reflect",
            "java.net",
            "java.nio",
            "java.util",
            "java.util.concurrent",
            "java.util.concurrent.atomic",
            "sun.nio.ch")) {
      options.append("--add-opens java.base/").append(p).append("=ALL-UNNAMED\n");
    }
    Files.writeString(conf.resolve("jvm11-server.options"), options);
    int storage = Jvm.freePort();
    String yaml = Files.readString(conf.resolve("cassandra.yaml"));
    Files.writeString(
        conf.resolve("cassandra.yaml"),
        yaml.replace("storage_port: 7000", "storage_port: " + storage)
            .replace("\"127.0.0.1:7000\"", "\"127.0.0.1:" + storage + "\"")
            .replace("ssl_storage_port: 7001", "ssl_storage_port: " + Jvm.freePort())
            .replace("native_transport_port: 9042", "native_transport_port: " + cql)
            .replace("localhost", "127.0.0.1"));
    String env = Files.readString(conf.resolve("cassandra-env.sh"));
    Files.writeString(
        conf.resolve("cassandra-env.sh"),
        env.replace("JMX_PORT=\"7199\"", "JMX_PORT=\"" + jmx + "\""));
    return conf;
  }

  /** Waits until {@code port} of 127.0.0.1 accepts a connection (Cassandra starts slowly). */
  private static void awaitListening(int port, Started root, Path out) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
    while (System.nanoTime() < deadline) {
      try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
        return;
      } catch (IOException notYet) {
        if (!root.process.isAlive()) {
          fail("the root exited; stderr: " + root.stderr());
        }
        Thread.sleep(200);
      }
    }
    fail("nothing listens on " + port + "; output:\n" + Files.readString(out));
  }

  /** Exit code and output of {@code sh -c command} run by a JVM with the agent. */
  private static String withAgent(String command, Map<String, String> env) throws Exception {
    Path dir = Files.createTempDirectory(work, "with");
    try (Started root = runner(env, dir, List.of(command))) {
      return awaitOutput(root, dir, 1);
    }
  }

  @Test
  void catalinaRunWithJavaHomeServesAndItsJvmJoins() throws Exception {
    int port = Jvm.freePort();
    Map<String, String> env = env(true);
    env.put("CATALINA_HOME", tomcat.toString());
    env.put("CATALINA_BASE", tomcatBase(port).toString());
    Path dir = Files.createTempDirectory(work, "catalina-out");
    try (Started root = runner(env, dir, List.of(tomcat.resolve("bin/catalina.sh") + " run"))) {
      String child = awaitJoined(root, "org.apache.catalina.startup.Bootstrap");
      assertEquals("sh/", child, "joined as the script it runs, by the script's token");
      awaitHttp("http://127.0.0.1:" + port + "/", root);
      assertFalse(Files.readString(dir.resolve("1.out")).contains("[hermes]"));
    }
  }

  @Test
  void startupShWithoutJavaHomeServesAndItsJvmJoins() throws Exception {
    // catalina.sh finds JRE_HOME from `which java`, the shim: <dir>/bin/java, so <dir> is taken
    // for the JRE and <dir>/bin/java is what it runs. Tomcat goes to the background.
    int port = Jvm.freePort();
    Path base = tomcatBase(port);
    Map<String, String> env = env(false);
    env.put("CATALINA_HOME", tomcat.toString());
    env.put("CATALINA_BASE", base.toString());
    env.put("CATALINA_PID", base.resolve("tomcat.pid").toString());
    Path dir = Files.createTempDirectory(work, "startup-out");
    try (Started root = runner(env, dir, List.of(tomcat.resolve("bin/startup.sh").toString()))) {
      try {
        String out = awaitOutput(root, dir, 1);
        assertTrue(out.startsWith("0\n") && out.contains("Tomcat started."), out);
        assertFalse(out.contains("Picked up"), out);
        awaitJoined(root, "org.apache.catalina.startup.Bootstrap");
        awaitHttp("http://127.0.0.1:" + port + "/", root);
        assertFalse(Files.readString(base.resolve("logs/catalina.out")).contains("[hermes]"));
        assertFalse(Files.readString(base.resolve("logs/catalina.out")).contains("Picked up"));
      } finally {
        killByPidFile(base.resolve("tomcat.pid"));
      }
    }
  }

  /** A CATALINA_BASE of its own: HTTP on {@code port} of 127.0.0.1, no shutdown port. */
  private static Path tomcatBase(int port) throws IOException {
    Path base = Files.createTempDirectory(work, "catalina");
    Path conf = Files.createDirectories(base.resolve("conf"));
    copyFiles(tomcat.resolve("conf"), conf);
    String server = Files.readString(conf.resolve("server.xml"));
    Files.writeString(
        conf.resolve("server.xml"),
        server
            .replace("port=\"8005\"", "port=\"-1\"")
            .replace("port=\"8080\"", "port=\"" + port + "\" address=\"127.0.0.1\""));
    for (String d : List.of("logs", "temp", "work")) {
      Files.createDirectories(base.resolve(d));
    }
    Files.createSymbolicLink(base.resolve("webapps"), tomcat.resolve("webapps"));
    return base;
  }

  /** Copies the files of {@code from} (not its subdirectories) into {@code to}. */
  private static void copyFiles(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.list(from)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        if (Files.isRegularFile(f)) {
          Files.copy(f, to.resolve(f.getFileName()));
        }
      }
    }
  }

  private static void killByPidFile(Path pid) throws IOException {
    if (Files.exists(pid)) {
      ProcessHandle.of(Long.parseLong(Files.readString(pid).trim()))
          .ifPresent(ProcessHandle::destroyForcibly);
    }
  }

  @Test
  void jettyShRunServesAndItsJvmJoins() throws Exception {
    Map<String, String> env = env(false);
    env.put("JETTY_HOME", jettyHome.toString());
    env.put("JETTY_BASE", jettyBase.toString());
    Path run = Files.createDirectories(work.resolve("jetty-run"));
    env.put("JETTY_RUN", run.toString());
    Path dir = Files.createTempDirectory(work, "jetty-out");
    try (Started root = runner(env, dir, List.of(jettyHome.resolve("bin/jetty.sh") + " run"))) {
      try {
        String out = awaitOutput(root, dir, 1);
        assertTrue(out.startsWith("0\n"), out);
        assertFalse(out.contains("Picked up"), out);
        awaitJoined(root, "org.eclipse.jetty.xml.XmlConfiguration");
        assertFalse(Files.readString(dir.resolve("1.out")).contains("[hermes]"), out);
        awaitHttp("http://127.0.0.1:" + jettyPort + "/", root);
      } finally {
        // jetty.sh runs Jetty in the background and exits: Jetty is no descendant of the root.
        killByPidFile(run.resolve("jetty.pid"));
      }
    }
  }

  /** The scripts' environment: this JDK first on the PATH, with or without {@code JAVA_HOME}. */
  private static Map<String, String> env(boolean javaHome) {
    Map<String, String> env = new java.util.HashMap<>(System.getenv());
    env.keySet().removeIf(k -> k.startsWith("HERMES_") || k.startsWith("JDK_JAVA_OPTIONS"));
    env.remove("JRE_HOME");
    env.remove("JAVA_OPTS");
    String home = System.getProperty("java.home");
    env.put("PATH", home + "/bin:" + System.getenv("PATH"));
    if (javaHome) {
      env.put("JAVA_HOME", home);
    } else {
      env.remove("JAVA_HOME");
    }
    return env;
  }

  /** A root with the agent running {@code commands} one after another with {@code env}. */
  private static Started runner(Map<String, String> env, Path dir, List<String> commands)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Jvm.java());
    command.add("-javaagent:" + Jvm.hermesJar() + "=port=" + Jvm.freePort() + ",jmx=off");
    command.addAll(List.of("-cp", Jvm.apps(), "dev.hermes.it.apps.ScriptRunnerApp"));
    command.add(dir.toString());
    command.addAll(commands);
    ProcessBuilder pb =
        new ProcessBuilder(command)
            .redirectOutput(dir.resolve("root.out").toFile())
            .redirectError(dir.resolve("root.err").toFile());
    pb.environment().clear();
    pb.environment().putAll(env);
    return new Started(pb.start(), dir.resolve("root.out"), dir.resolve("root.err"));
  }

  /** The root's URL, from its stderr-free start: read from {@code hermes list}'s source. */
  private static String url(Started root) throws Exception {
    String command = root.process.info().arguments().map(a -> String.join(" ", a)).orElse("");
    int at = command.indexOf("=port=");
    int port = Integer.parseInt(command.substring(at + 6, command.indexOf(',', at)));
    return "http://127.0.0.1:" + port + "/";
  }

  /** Exit code and output (stdout and stderr) of {@code sh -c command} run here, without Hermes. */
  private static String withoutAgent(String command, Map<String, String> env, Path dir)
      throws Exception {
    Path out = Files.createTempFile(dir, "without", ".out");
    ProcessBuilder pb =
        new ProcessBuilder("sh", "-c", command)
            .redirectErrorStream(true)
            .redirectOutput(out.toFile())
            .redirectInput(Path.of("/dev/null").toFile());
    pb.environment().clear();
    pb.environment().putAll(env);
    Process p = pb.start();
    if (!p.waitFor(90, java.util.concurrent.TimeUnit.SECONDS)) {
      p.destroyForcibly();
      fail(command + " did not end without the agent");
    }
    return p.exitValue() + "\n" + Files.readString(out, StandardCharsets.UTF_8);
  }

  /** Exit code and output of command {@code n}, once it ended: {@code "0\n..."}. */
  private static String awaitOutput(Started root, Path dir, int n) throws Exception {
    Path exit = dir.resolve(n + ".exit");
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (System.nanoTime() < deadline) {
      if (Files.exists(exit) && !Files.readString(exit).isEmpty()) {
        return Files.readString(exit).trim() + "\n" + Files.readString(dir.resolve(n + ".out"));
      }
      if (!root.process.isAlive()) {
        fail("the root exited; stderr: " + root.stderr());
      }
      Thread.sleep(50);
    }
    fail("command " + n + " did not end; output: " + Files.readString(dir.resolve(n + ".out")));
    return null;
  }

  /**
   * Waits until a child of the root runs a JVM whose main is {@code main}, joined and running;
   * returns its prefix.
   */
  private static String awaitJoined(Started root, String main) throws Exception {
    String url = url(root);
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    String last = "";
    while (System.nanoTime() < deadline) {
      try {
        last = Http.get(url).body;
        for (Map.Entry<String, String> e : TextLines.parse(last).entrySet()) {
          if (e.getKey().endsWith("/process.main") && e.getValue().equals(main)) {
            String prefix = e.getKey().substring(0, e.getKey().length() - "process.main".length());
            if ("running".equals(TextLines.parse(last).get(prefix + "hermes.child.state"))) {
              return prefix;
            }
          }
        }
      } catch (IOException notYet) {
        // the root's endpoint is not up yet
      }
      Thread.sleep(100);
    }
    fail("no running child with main " + main + "; tree:\n" + last + "\nstderr: " + root.stderr());
    return null;
  }

  private static void awaitHttp(String url, Started root) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (System.nanoTime() < deadline) {
      try {
        int status = Http.get(url).status;
        assertTrue(status > 0);
        return;
      } catch (IOException notYet) {
        Thread.sleep(100);
      }
    }
    fail("nothing answers at " + url + "; root's stderr: " + root.stderr());
  }

  private static void unzip(Path zip, Path into) throws IOException {
    try (ZipFile file = new ZipFile(zip.toFile())) {
      Enumeration<? extends ZipEntry> entries = file.entries();
      while (entries.hasMoreElements()) {
        ZipEntry entry = entries.nextElement();
        String name = entry.getName();
        Path target = into.resolve(name.substring(name.indexOf('/') + 1)).normalize();
        if (!target.startsWith(into)) {
          continue;
        }
        if (entry.isDirectory()) {
          Files.createDirectories(target);
        } else {
          Files.createDirectories(target.getParent());
          try (InputStream in = file.getInputStream(entry)) {
            Files.copy(in, target);
          }
          if (name.endsWith(".sh")) {
            target.toFile().setExecutable(true, false);
          }
        }
      }
    }
  }
}
