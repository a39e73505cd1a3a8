package dev.hermes.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Probes from a file and from the api, against real local targets, in a real JVM. */
class ProbesIT {
  @Test
  void probesFollowTheirTargetsWhileOneHangsAndTheFileChanges() throws Exception {
    AtomicInteger status = new AtomicInteger(200);
    HttpServer web =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    web.createContext(
        "/",
        exchange -> {
          exchange.sendResponseHeaders(status.get(), -1);
          exchange.close();
        });
    web.start();
    ServerSocket db = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    // Accepts connections (the kernel does) and never answers: an HTTP probe of it hangs.
    ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Path dir = Temp.dir("hermes-probes");
    Path depth = dir.resolve("depth");
    Files.writeString(depth, "5");
    Path probes = dir.resolve("probes");
    Files.writeString(
        probes,
        String.join(
            "\n",
            "web = http http://127.0.0.1:" + web.getAddress().getPort() + "/health every=300ms",
            "db = tcp 127.0.0.1:" + db.getLocalPort() + " every=300ms",
            "depth = key queue.depth warning=>10 critical=>100 every=300ms",
            "hung = http http://127.0.0.1:" + silent.getLocalPort() + "/ every=2s timeout=1s",
            ""));
    Tree tree = Tree.start("probes=" + probes, "fromfile=queue.depth," + depth);
    try (Started root = tree.root) {
      Map<String, String> up =
          tree.await(
              "probe.web.status: ok",
              "probe.db.status: ok",
              "probe.depth.status: ok",
              "probe.web.value: 200");
      assertTrue(up.containsKey("probe.web.latency_ms"), up.toString());
      assertTrue(up.containsKey("probe.web.since"), up.toString());
      tree.await("probe.hung.status: critical");

      status.set(503);
      tree.await("probe.web.status: critical", "probe.web.value: 503");
      status.set(200);
      tree.await("probe.web.status: ok");
      db.close();
      tree.await("probe.db.status: critical");

      // The key crosses warning, then critical, then back, while 'hung' hangs on every run.
      Files.writeString(depth, "11");
      tree.await("probe.depth.status: warning", "probe.depth.value: 11");
      Files.writeString(depth, "101");
      Map<String, String> critical = tree.await("probe.depth.status: critical");
      assertEquals("queue.depth = 101 (critical: >100)", critical.get("probe.depth.message"));
      Files.writeString(depth, "3");
      Map<String, String> back = tree.await("probe.depth.status: ok");
      assertEquals("critical", back.get("probe.hung.status"));
      assertTrue(back.get("probe.hung.message").startsWith("no answer from "), back.toString());

      // The file changed while running: web removed, depth changed, tcp2 added (its port is
      // opened only later).
      int later = Jvm.freePort();
      Files.writeString(
          probes,
          String.join(
              "\n",
              "db = tcp 127.0.0.1:" + db.getLocalPort() + " every=300ms",
              "depth = key queue.depth warning=>1 critical=>2 every=300ms",
              "tcp2 = tcp 127.0.0.1:" + later + " every=300ms",
              ""));
      Map<String, String> changed =
          tree.await("probe.depth.status: critical", "probe.tcp2.status: critical");
      tree.awaitGone("probe.web.");
      tree.awaitGone("probe.hung.");
      assertEquals("critical", changed.get("probe.db.status"));
      try (ServerSocket opened = new ServerSocket(later, 50, InetAddress.getLoopbackAddress())) {
        tree.await("probe.tcp2.status: ok");
      }
      tree.await("probe.tcp2.status: critical");
      assertTrue(!root.stderr().contains("probes ["), root.stderr());
    } finally {
      web.stop(0);
      silent.close();
    }
  }

  @Test
  void theApiProbeWithTheAgent() throws Exception {
    Path level = Temp.file("hermes-level", ".txt");
    Files.writeString(level, "ok");
    Tree tree = Tree.start("", "apiprobe=db," + level);
    try (Started root = tree.root) {
      tree.await("probe.db.status: ok", "probe.db.message: from " + level.getFileName());
      Files.writeString(level, "warning");
      tree.await("probe.db.status: warning", "probe.db.value: 7");
      Files.writeString(level, "critical");
      tree.await("probe.db.status: critical");
      Files.writeString(level, "hang");
      Map<String, String> hung = tree.await("probe.db.status: critical");
      root.awaitBody(tree.url + "/", b -> b.contains("probe.db.message: no result after "));
      Files.writeString(level, "ok");
      tree.await("probe.db.status: ok");
      assertTrue(hung.containsKey("probe.db.since"));
    }
  }

  @Test
  void noProbeOrAlertClassLoadsUnlessConfigured() throws Exception {
    Path probes = Temp.file("hermes-probes", ".txt");
    Files.writeString(probes, "own = key a warning=>1 every=1s\n");
    for (boolean configured : new boolean[] {false, true}) {
      int port = Jvm.freePort();
      Started jvm =
          Jvm.withAgent("port=" + port + (configured ? ",probes=" + probes : ""))
              .env("HERMES_JMX", "off")
              .option("-Xlog:class+load")
              .classPath(Jvm.apps(), Jvm.apiJar().toString())
              .main("dev.hermes.it.apps.TreeApp", "key=a=0")
              .start();
      try (jvm) {
        String url = "http://127.0.0.1:" + port + "/";
        jvm.awaitBody(url, b -> b.contains("role.ready: yes"));
        if (configured) {
          jvm.awaitBody(url, b -> b.contains("probe.own.status: ok"));
        }
        String loaded = jvm.stdout();
        for (String cls :
            new String[] {
              "dev.hermes.agent.probe.Probes ",
              "dev.hermes.api.Prober ",
              "dev.hermes.agent.probe.KeyCheck "
            }) {
          assertEquals(configured, loaded.contains(cls), cls + " loaded: " + !configured);
        }
        assertTrue(!loaded.contains("dev.hermes.agent.alert."), "no alert class without alerts=");
      }
    }
  }
}
