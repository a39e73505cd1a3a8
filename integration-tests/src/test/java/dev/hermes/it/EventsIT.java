package dev.hermes.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code GET /events}: changes anywhere in a real tree, streamed at its root. */
class EventsIT {
  /** A root JVM running one of the test apps, with its URL and a folder for trigger files. */
  private static final class App implements AutoCloseable {
    final Started jvm;
    final String url;
    final Path dir;

    App(Started jvm, String url, Path dir) {
      this.jvm = jvm;
      this.url = url;
      this.dir = dir;
    }

    void touch(String file) throws IOException {
      Files.createFile(dir.resolve(file));
    }

    void await(String line) throws Exception {
      jvm.awaitBody(url + "/", body -> ("\n" + body).contains("\n" + line + "\n"));
    }

    @Override
    public void close() {
      jvm.close();
    }
  }

  private static App start(Map<String, String> env, String main, String... args) throws Exception {
    int port = Jvm.freePort();
    Path dir = Temp.dir("hermes-events");
    List<String> all = new ArrayList<>();
    for (String arg : args) {
      all.add(arg.replace("DIR", dir.toString()));
    }
    Jvm jvm = Jvm.withAgent("port=" + port + ",grace=1").env("HERMES_JMX", "off");
    env.forEach(jvm::env);
    if (main.equals("ChurnApp")) {
      jvm.option("-Xmx64m");
    }
    Started started =
        jvm.classPath(Jvm.apps(), Jvm.apiJar().toString())
            .main("dev.hermes.it.apps." + main, all.toArray(new String[0]))
            .start();
    App app = new App(started, "http://127.0.0.1:" + port, dir);
    started.awaitBody(app.url + "/health", b -> true);
    return app;
  }

  private static App chain(String names) throws Exception {
    return start(Map.of(), "ChainApp", "DIR", names, "5");
  }

  @Test
  void grandchildChangesArriveAtTheRootInOrder() throws Exception {
    try (App app = chain("mid,leaf")) {
      app.touch("spawn");
      app.await("mid/leaf/ready: yes");
      try (EventStream events = EventStream.open(app.url + "/events?prefix=mid/leaf/step")) {
        app.touch("go");
        List<EventStream.Event> seen = events.until(e -> "5".equals(field(e, "value")));
        int last = 0;
        for (EventStream.Event e : seen) {
          assertEquals("set", e.type, seen.toString());
          assertEquals("mid/leaf/step", e.field("key"));
          int step = Integer.parseInt(e.field("value"));
          assertTrue(step > last, "out of order: " + seen);
          last = step;
        }
      }
    }
  }

  @Test
  void childrenJoiningAndLeavingAreAnnounced() throws Exception {
    try (App app = chain("mid,leaf");
        EventStream events = EventStream.open(app.url + "/events")) {
      app.touch("spawn");
      List<String> joins = new ArrayList<>();
      for (EventStream.Event e : events.until(e -> isChild(e, "joined", "mid/leaf"))) {
        if (e.type.equals("joined")) {
          joins.add(e.field("child"));
        }
      }
      assertEquals(List.of("mid", "mid/leaf"), joins);
      app.touch("exit");
      List<EventStream.Event> after = events.until(e -> isChild(e, "left", "mid/leaf"));
      EventStream.Event exited = after.get(after.size() - 2);
      assertEquals("set", exited.type);
      assertEquals("mid/leaf/hermes.child.state", exited.field("key"));
      assertEquals("exited", exited.field("value"));
    }
  }

  @Test
  void setRemovedAndExpiredArriveInOrder() throws Exception {
    try (App app = chain("-")) {
      app.await("ready: yes");
      try (EventStream events = EventStream.open(app.url + "/events")) {
        app.touch("go");
        List<String> seen = new ArrayList<>();
        for (EventStream.Event e : events.until(e -> e.type.equals("expired"))) {
          seen.add(e.type + " " + e.field("key") + "=" + e.field("value"));
        }
        assertEquals(
            List.of(
                "set step=1",
                "set step=2",
                "set step=3",
                "set step=4",
                "set step=5",
                "set gone=soon",
                "removed gone=soon",
                "set flash=brief",
                "set script=done",
                "expired flash=brief"),
            seen);
      }
    }
  }

  @Test
  void streamCarriesOnlyKeysUnderItsPrefix() throws Exception {
    try (App app = chain("-")) {
      app.await("ready: yes");
      try (EventStream events = EventStream.open(app.url + "/events?prefix=s")) {
        app.touch("go");
        for (EventStream.Event e : events.until(e -> "script".equals(field(e, "key")))) {
          assertTrue(e.field("key").startsWith("s"), e.toString());
        }
      }
    }
  }

  @Test
  void eventIdsRiseByOne() throws Exception {
    try (App app = chain("-")) {
      app.await("ready: yes");
      try (EventStream events = EventStream.open(app.url + "/events?prefix=step")) {
        app.touch("go");
        List<EventStream.Event> seen = events.until(e -> "5".equals(field(e, "value")));
        for (int i = 0; i < seen.size(); i++) {
          assertEquals(Integer.toString(i + 1), seen.get(i).id);
        }
      }
    }
  }

  @Test
  void openStreamsRunOnTheirOwnThreadsNotTheServersWorkers() throws Exception {
    try (App app = start(Map.of(), "TickApp")) {
      List<EventStream> open = new ArrayList<>();
      try {
        for (int i = 0; i < 3; i++) {
          EventStream events = EventStream.open(app.url + "/events?prefix=tick");
          open.add(events);
          events.next();
        }
        String dump = threadDump(app.jvm.pid());
        List<String> streams = threads(dump, "hermes-events-\\d+");
        List<String> workers = threads(dump, "hermes-http-\\d+");
        assertEquals(3, streams.size(), dump);
        assertFalse(workers.isEmpty(), dump);
        for (String worker : workers) {
          assertTrue(worker.contains("getTask"), "a worker is busy: " + worker);
        }
        assertEquals(200, Http.get(app.url + "/").status);
      } finally {
        open.forEach(EventStream::close);
      }
    }
  }

  @Test
  void seventeenthStreamIsRefusedWith503() throws Exception {
    try (App app = start(Map.of(), "TickApp")) {
      List<EventStream> open = new ArrayList<>();
      try {
        for (int i = 0; i < 16; i++) {
          EventStream events = EventStream.open(app.url + "/events");
          open.add(events);
          assertEquals(200, events.status, "stream " + (i + 1));
        }
        try (EventStream refused = EventStream.open(app.url + "/events")) {
          assertEquals(503, refused.status);
          assertEquals(
              "Too many event streams (at most 16 at once); close one or retry later\n",
              refused.body());
        }
      } finally {
        open.forEach(EventStream::close);
      }
    }
  }

  @Test
  void closedStreamsFreeTheirSlots() throws Exception {
    try (App app = start(Map.of(), "TickApp")) {
      for (int round = 0; round < 2; round++) {
        List<EventStream> open = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (open.size() < 16) {
          EventStream events = EventStream.open(app.url + "/events?prefix=tick");
          if (events.status == 200) {
            events.next();
            open.add(events);
          } else {
            events.close();
            assertTrue(System.nanoTime() < deadline, "slots not freed: " + open.size() + " open");
            Thread.sleep(100);
          }
        }
        open.forEach(EventStream::close);
      }
    }
  }

  @Test
  void consumerThatStopsReadingIsDroppedAndTheHeapStaysFlat() throws Exception {
    try (App app = start(Map.of(), "ChurnApp", "DIR", "4")) {
      app.await("churn.ready: yes");
      try (Socket stalled = new Socket("127.0.0.1", Integer.parseInt(app.url.split(":")[2]))) {
        stalled.setReceiveBufferSize(4096);
        OutputStream out = stalled.getOutputStream();
        out.write(
            "GET /events?prefix=churn.value HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
                .getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        byte[] head = new byte[12];
        assertEquals(12, stalled.getInputStream().readNBytes(head, 0, 12));
        assertEquals("HTTP/1.1 200", new String(head, StandardCharsets.ISO_8859_1));
        app.touch("go"); // from here on this consumer reads nothing
        Map<String, String> text =
            TextLines.parse(
                app.jvm.awaitBody(app.url + "/", b -> b.contains("churn.done: yes")).body);
        long count = Long.parseLong(text.get("churn.count"));
        long heapMb = Long.parseLong(text.get("heap.after_gc_mb"));
        assertTrue(count > 20_000, "a flood of 8,000-character values: " + count);
        assertTrue(heapMb < 24, "heap after GC " + heapMb + " MB with -Xmx64m");
        assertTrue(endsWithin(stalled, 15), "the stalled consumer was disconnected");
      }
      assertFalse(app.jvm.stderr().contains("OutOfMemoryError"), app.jvm.stderr());
    }
  }

  @Test
  void eventsNeedTheSecretWhenOneIsSet() throws Exception {
    String secret = "events-secret";
    try (App app = start(Map.of("HERMES_SECRET", secret), "TickApp")) {
      try (EventStream refused = EventStream.open(app.url + "/events")) {
        assertEquals(403, refused.status);
      }
      try (EventStream events = EventStream.open(app.url + "/events", "Hermes-Secret", secret)) {
        assertEquals(200, events.status);
        assertEquals("text/event-stream; charset=utf-8", events.contentType);
        assertEquals("tick", events.next().field("key"));
      }
    }
  }

  @Test
  void idleStreamOutlivesTheServersRequestTimeout() throws Exception {
    try (App app = chain("-")) {
      app.await("ready: yes");
      try (EventStream events = EventStream.open(app.url + "/events?prefix=step")) {
        Thread.sleep(7000); // the server cuts requests that take over 5 s to arrive
        app.touch("go");
        assertEquals("1", events.next().field("value"));
      }
    }
  }

  private static boolean isChild(EventStream.Event e, String type, String child) {
    return e.type.equals(type) && child.equals(field(e, "child"));
  }

  private static String field(EventStream.Event e, String name) {
    try {
      return e.field(name);
    } catch (IOException x) {
      throw new AssertionError("not JSON: " + e, x);
    }
  }

  /** Reads (and throws away) until the server closes the connection; false on a timeout. */
  private static boolean endsWithin(Socket socket, int seconds) throws IOException {
    socket.setSoTimeout(seconds * 1000);
    InputStream in = socket.getInputStream();
    byte[] buffer = new byte[1 << 16];
    try {
      while (in.read(buffer) >= 0) {
        // drain what the kernel buffered before the server gave up on us
      }
      return true;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (SocketException reset) {
      return true;
    }
  }

  private static String threadDump(long pid) throws Exception {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    Cli dump = Cli.exec(List.of(jcmd.toString(), Long.toString(pid), "Thread.print"), Map.of());
    if (dump.exit != 0) {
      fail("jcmd failed: " + dump);
    }
    return dump.out;
  }

  /** The stack traces of the threads whose whole name matches {@code name}. */
  private static List<String> threads(String dump, String name) {
    List<String> found = new ArrayList<>();
    Matcher m =
        Pattern.compile("(?m)^\"(" + name + ")\".*?(?=\\n\\n|\\z)", Pattern.DOTALL).matcher(dump);
    while (m.find()) {
      found.add(m.group());
    }
    return found;
  }
}
