package dev.hermes.agent.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hermes.agent.tree.ChildRegistry;
import dev.hermes.api.StatusStore;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code /events} as the server routes it, with room for one stream. */
class EventsHandlerTest {
  private static final StatusStore STORE = StatusStore.global();
  private static final long MS = 1_000_000L;
  private static final String EVENT_STREAM = "text/event-stream; charset=utf-8";

  private final Router router =
      new Router(
          StatusServer.routes(
              STORE,
              new ChildRegistry(STORE, Duration.ZERO),
              new EventStreams.Limits(1, 8, 4096, 20 * MS, 60_000 * MS)));
  private final List<FakeExchange> sent = new ArrayList<>();
  private final String p = EventTestSupport.freshPrefix();

  private FakeExchange send(FakeExchange exchange) throws IOException {
    sent.add(exchange);
    router.handle(exchange);
    return exchange;
  }

  private FakeExchange send(String method, String uri) throws IOException {
    return send(new FakeExchange(method, uri));
  }

  /** Ends every stream as a client that goes away would: its next ping fails. */
  @AfterEach
  void hangUp() throws InterruptedException {
    for (FakeExchange exchange : sent) {
      exchange.breakConnection();
      EventTestSupport.await("the stream closed", exchange::closed);
    }
    STORE.removePrefix(p);
  }

  @Test
  void getStreamsOnItsOwnThreadUntilTheClientGoes() throws Exception {
    FakeExchange x = send("GET", "/events?prefix=" + p);
    assertEquals(200, x.status());
    assertEquals(0, x.length());
    assertEquals(EVENT_STREAM, x.header("Content-Type"));
    assertEquals("no-cache", x.header("Cache-Control"));
    assertEquals("close", x.header("Connection"), "a stream's connection ends with it");
    assertFalse(x.closed());
    STORE.put(p + "k", "v", 0, 0);
    String event = "event: set\ndata: {\"key\":\"" + p + "k\",\"value\":\"v\"}\n\n";
    EventTestSupport.await("the event", () -> x.body().contains(event));
    assertTrue(x.body().startsWith(": hermes events\n\n"), x.body());
    x.breakConnection();
    EventTestSupport.await("the stream closed", x::closed);
  }

  @Test
  void pathsBelowEventsAre404() throws IOException {
    for (String path : List.of("/events/x", "/eventsx", "/events/")) {
      FakeExchange x = send("GET", path);
      x.assertError(404, "Not found: " + path + "; try / or /health");
      assertTrue(x.closed());
    }
  }

  @Test
  void otherMethodsAre405() throws IOException {
    for (String method : List.of("POST", "PUT", "DELETE")) {
      FakeExchange x = send(method, "/events");
      x.assertError(405, "Method " + method + " not allowed");
      assertEquals("GET, HEAD", x.header("Allow"));
      assertTrue(x.closed());
    }
  }

  @Test
  void headAnswersTheStreamTypeWithoutABodyOrASlot() throws IOException {
    FakeExchange x = send("HEAD", "/events");
    assertEquals(200, x.status());
    assertEquals(-1, x.length());
    assertEquals(EVENT_STREAM, x.header("Content-Type"));
    assertEquals("", x.body());
    assertTrue(x.closed());
    assertEquals(200, send("GET", "/events").status()); // the one slot is still free
  }

  @Test
  void streamPastTheLimitIs503WithRetryAfter() throws Exception {
    FakeExchange first = send("GET", "/events");
    assertEquals(200, first.status());
    FakeExchange second = send("GET", "/events?prefix=" + p);
    second.assertError(503, "Too many event streams (at most 1 at once); close one or retry later");
    assertEquals("5", second.header("Retry-After"));
    assertTrue(second.closed());
    first.breakConnection();
    EventTestSupport.await("the first stream closed", first::closed);
    EventTestSupport.await(
        "the slot freed", () -> attempt(new FakeExchange("GET", "/events")).status() == 200);
  }

  @Test
  void malformedQueryIs400() throws IOException {
    FakeExchange x = send(FakeExchange.withRawQuery("GET", "/events", "prefix=%zz"));
    assertEquals(400, x.status());
    assertTrue(x.body().startsWith("Malformed query string: "), x.body());
    assertTrue(x.closed());
  }

  private FakeExchange attempt(FakeExchange exchange) {
    try {
      return send(exchange);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
