package dev.hermes.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.tools.attach.VirtualMachine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A legacy app gets JVM keys and its own MBeans' keys with no code, and Hermes shows in JMX. */
class JmxIT {
  private static Started app;
  private static String url;

  @BeforeAll
  static void start() throws Exception {
    Path rules = Temp.file("hermes-rules", ".conf");
    Files.writeString(
        rules,
        "# the app's queue\n"
            + "queue.{name}.depth = app:type=Queue,name=* Depth\n"
            + "queue.{name}.count = app:type=Queue,name=* Stats.count\n"
            + "this line is not a rule\n");
    int port = Jvm.freePort();
    url = "http://127.0.0.1:" + port;
    app =
        Jvm.withAgent("port=" + port + ",jmxInterval=0.5,jmx=" + rules)
            .classPath(Jvm.apps())
            .main("dev.hermes.it.apps.JmxApp")
            .start();
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  @Test
  void defaultKeysHavePlausibleValues() throws Exception {
    Map<String, String> first =
        TextLines.parse(app.awaitBody(url, b -> b.contains("process.uptime_ms")).body);
    assertTrue(Long.parseLong(first.get("jvm.memory.heap.used")) > 0);
    assertTrue(Long.parseLong(first.get("jvm.threads.live")) > 0);
    assertTrue(Long.parseLong(first.get("jvm.classes.loaded")) > 0);
    long uptime = Long.parseLong(first.get("process.uptime_ms"));
    Map<String, String> later =
        TextLines.parse(
            app.awaitBody(
                    url,
                    b -> {
                      String v = TextLines.parse(b).get("process.uptime_ms");
                      return v != null && Long.parseLong(v) > uptime;
                    })
                .body);
    assertTrue(Long.parseLong(later.get("process.uptime_ms")) > uptime);
  }

  @Test
  void nodeFiguresArePlausible() throws Exception {
    Map<String, String> keys =
        TextLines.parse(app.awaitBody(url, b -> b.contains("os.memory.total_bytes")).body);
    long total = Long.parseLong(keys.get("os.memory.total_bytes"));
    long available = Long.parseLong(keys.get("os.memory.available_bytes"));
    assertTrue(available > 0 && available <= total, available + " of " + total);
    long rss = Long.parseLong(keys.get("process.memory.rss_bytes"));
    assertTrue(rss > 10L << 20 && rss < total, "rss " + rss);
    int systems = 0;
    for (Map.Entry<String, String> e : keys.entrySet()) {
      if (e.getKey().startsWith("os.fs.") && e.getKey().endsWith(".total_bytes")) {
        String fs = e.getKey().substring(0, e.getKey().length() - "total_bytes".length());
        long size = Long.parseLong(e.getValue());
        assertTrue(size > 0, fs);
        assertTrue(Long.parseLong(keys.get(fs + "free_bytes")) <= size, fs);
        assertTrue(Long.parseLong(keys.get(fs + "used_bytes")) <= size, fs);
        assertTrue(keys.get(fs + "mount").startsWith("/"), fs);
        systems++;
      }
    }
    // The working directory's, the temp directory's, the class path's: one or more.
    assertTrue(systems >= 1, keys.toString());
  }

  @Test
  void userMappingOfAnAppMBeanShowsUp() throws Exception {
    Map<String, String> text =
        TextLines.parse(app.awaitBody(url, b -> b.contains("queue.orders.count")).body);
    assertEquals("42", text.get("queue.orders.depth"));
    assertEquals("7", text.get("queue.orders.count"));
  }

  @Test
  void invalidRuleIsReportedOnceAndSkipped() throws Exception {
    app.awaitBody(url, b -> b.contains("queue.orders.depth"));
    String err = app.stderr();
    assertEquals(1, err.lines().count(), err);
    assertTrue(err.startsWith("[hermes] pid " + app.pid() + ": jmx: "), err);
    assertTrue(err.contains("line 4"), err);
  }

  @Test
  void statusMBeanSeenOverJmxHasTheEndpointsKeys() throws Exception {
    app.awaitBody(url, b -> b.contains("queue.orders.depth"));
    Map<String, String> overJmx = statusOverJmx(app.pid());
    Map<String, String> overHttp = TextLines.parse(Http.get(url).body);
    assertEquals(overHttp.keySet(), overJmx.keySet());
    for (String stable : new String[] {"process.pid", "status", "queue.orders.depth"}) {
      assertEquals(overHttp.get(stable), overJmx.get(stable), stable);
    }
  }

  /**
   * The keys of {@code dev.hermes:type=Status} in JVM {@code pid}, read the way JConsole connects
   * to a local JVM: attach, start the local JMX agent, connect to it.
   */
  static Map<String, String> statusOverJmx(long pid) throws Exception {
    VirtualMachine vm = VirtualMachine.attach(Long.toString(pid));
    String address;
    try {
      address = vm.startLocalManagementAgent();
    } finally {
      vm.detach();
    }
    try (JMXConnector connector = JMXConnectorFactory.connect(new JMXServiceURL(address))) {
      MBeanServerConnection server = connector.getMBeanServerConnection();
      ObjectName status = new ObjectName("dev.hermes:type=Status");
      TabularData table = (TabularData) server.getAttribute(status, "Keys");
      Map<String, String> keys = new HashMap<>();
      for (Object row : table.values()) {
        CompositeData data = (CompositeData) row;
        keys.put((String) data.get("key"), (String) data.get("value"));
      }
      if (((Number) server.getAttribute(status, "Count")).intValue() != keys.size()) {
        throw new AssertionError("Count is not the number of Keys: " + keys);
      }
      return keys;
    }
  }
}
