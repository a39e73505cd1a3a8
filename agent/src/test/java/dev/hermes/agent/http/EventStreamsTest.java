package dev.hermes.agent.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.timeout;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.sun.net.httpserver.HttpExchange;
import dev.hermes.api.StatusStore;
import java.io.OutputStream;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class EventStreamsTest {
  private static final StatusStore STORE = StatusStore.global();
  private static final long MS = 1_000_000L;

  private static EventStreams streams(int maxStreams, long heartbeatMillis, long stallMillis) {
    return new EventStreams(
        STORE,
        new EventStreams.Limits(maxStreams, 8, 4096, heartbeatMillis * MS, stallMillis * MS));
  }

  private static HttpExchange exchange(OutputStream body) {
    HttpExchange exchange = mock(HttpExchange.class);
    when(exchange.getResponseBody()).thenReturn(body);
    return exchange;
  }

  private static EventSubscriber started(EventStreams streams, OutputStream body, String prefix) {
    EventSubscriber subscriber = streams.open(exchange(body), prefix);
    assertNotNull(subscriber);
    streams.start(subscriber);
    return subscriber;
  }

  @Test
  void changesAreWrittenInOrderWithRisingIds() throws Exception {
    String p = EventTestSupport.freshPrefix();
    EventTestSupport.Sink sink = new EventTestSupport.Sink();
    EventSubscriber subscriber = started(streams(4, 60_000, 60_000), sink, p);
    try {
      STORE.put(p + "a", "1", 0, 0);
      STORE.put(p + "a", "2", 0, 0);
      STORE.remove(p + "a");
      String expected =
          "id: 1\nevent: set\ndata: {\"key\":\""
              + p
              + "a\",\"value\":\"1\"}\n\n"
              + "id: 2\nevent: set\ndata: {\"key\":\""
              + p
              + "a\",\"value\":\"2\"}\n\n"
              + "id: 3\nevent: removed\ndata: {\"key\":\""
              + p
              + "a\",\"value\":\"2\"}\n\n";
      EventTestSupport.await("three events", () -> sink.text().contains(expected));
      assertTrue(sink.text().startsWith(": hermes events\n\n"), sink.text());
    } finally {
      subscriber.end("test over");
    }
  }

  @Test
  void writersAreNumberedDaemonThreads() throws Exception {
    EventStreams streams = streams(4, 60_000, 60_000);
    List<String> seen = new CopyOnWriteArrayList<>();
    OutputStream recorder =
        new OutputStream() {
          @Override
          public void write(int b) {}

          @Override
          public void write(byte[] b, int off, int len) {
            Thread t = Thread.currentThread();
            seen.add(t.getName() + (t.isDaemon() ? " daemon" : ""));
          }
        };
    EventSubscriber first = started(streams, recorder, EventTestSupport.freshPrefix());
    EventSubscriber second = null;
    try {
      EventTestSupport.await("the first hello", () -> seen.size() == 1);
      second = started(streams, recorder, EventTestSupport.freshPrefix());
      EventTestSupport.await("the second hello", () -> seen.size() == 2);
      assertEquals(List.of("hermes-events-1 daemon", "hermes-events-2 daemon"), seen);
    } finally {
      first.end("test over");
      if (second != null) {
        second.end("test over");
      }
    }
  }

  @Test
  void keysOutsideThePrefixAreNotSent() throws Exception {
    String p = EventTestSupport.freshPrefix();
    String other = EventTestSupport.freshPrefix();
    EventTestSupport.Sink sink = new EventTestSupport.Sink();
    EventSubscriber subscriber = started(streams(4, 60_000, 60_000), sink, p);
    try {
      STORE.put(other + "x", "no", 0, 0);
      STORE.put(p + "y", "yes", 0, 0);
      EventTestSupport.await("the event", () -> sink.text().contains("\"yes\""));
      assertTrue(!sink.text().contains(other), sink.text());
    } finally {
      subscriber.end("test over");
    }
  }

  @Test
  void idleStreamIsPinged() throws Exception {
    EventTestSupport.Sink sink = new EventTestSupport.Sink();
    EventSubscriber subscriber =
        started(streams(4, 50, 60_000), sink, EventTestSupport.freshPrefix());
    try {
      EventTestSupport.await("a ping", () -> sink.text().contains(": ping\n\n"));
    } finally {
      subscriber.end("test over");
    }
  }

  @Test
  void consumerWhoseQueueOverflowsIsDroppedAndClosed() throws Exception {
    String p = EventTestSupport.freshPrefix();
    EventStreams streams = streams(4, 60_000, 60_000);
    EventTestSupport.Stuck stuck = new EventTestSupport.Stuck();
    HttpExchange exchange = exchange(stuck);
    EventSubscriber subscriber = streams.open(exchange, p);
    streams.start(subscriber);
    assertTrue(stuck.blocked.await(5, TimeUnit.SECONDS));
    for (int i = 0; i < 20; i++) {
      STORE.put(p + "k", Integer.toString(i), 0, 0);
    }
    verify(exchange, timeout(5000)).close();
    EventTestSupport.await("the slot freed", () -> streams.size() == 0);
  }

  @Test
  void stalledWriteIsDroppedByTheWatch() throws Exception {
    EventStreams streams = streams(4, 60_000, 50);
    EventTestSupport.Stuck stuck = new EventTestSupport.Stuck();
    HttpExchange exchange = exchange(stuck);
    streams.start(streams.open(exchange, EventTestSupport.freshPrefix()));
    assertTrue(stuck.blocked.await(5, TimeUnit.SECONDS));
    Thread.sleep(100);
    streams.tick();
    verify(exchange, timeout(5000)).close();
    EventTestSupport.await("the slot freed", () -> streams.size() == 0);
  }

  @Test
  void slotsAreLimited() throws Exception {
    EventStreams streams = streams(1, 60_000, 60_000);
    EventSubscriber first = started(streams, new EventTestSupport.Sink(), "");
    try {
      assertNull(streams.open(exchange(new EventTestSupport.Sink()), ""));
      assertEquals(1, streams.size());
    } finally {
      first.end("test over");
    }
    EventTestSupport.await("the slot freed", () -> streams.size() == 0);
  }

  @Test
  void expiredKeyIsSentWhenTheWatchTicks() throws Exception {
    String p = EventTestSupport.freshPrefix();
    EventStreams streams = streams(4, 60_000, 60_000);
    EventTestSupport.Sink sink = new EventTestSupport.Sink();
    EventSubscriber subscriber = started(streams, sink, p);
    try {
      STORE.put(p + "flash", "soon gone", 0, 50 * MS);
      Thread.sleep(100);
      streams.tick();
      EventTestSupport.await(
          "the expiry",
          () ->
              sink.text()
                  .contains(
                      "event: expired\ndata: {\"key\":\""
                          + p
                          + "flash\",\"value\":\"soon gone\"}"));
    } finally {
      subscriber.end("test over");
    }
  }
}
