package dev.hermes.agent.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import dev.hermes.agent.config.Contract;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Children hold at most their share of the connections; the next child's connection is refused with
 * 503 and Retry-After; scrapers always pass; connections long unseen stop counting.
 */
class ChildAdmissionTest {
  private static final long S = 1_000_000_000L;
  private final AtomicLong clock = new AtomicLong(1_000 * S);
  private final ChildAdmission admission = new ChildAdmission(2, clock::get);
  private final List<Integer> handled = new ArrayList<>();

  private FakeExchange send(String method, String path, int port) throws IOException {
    FakeExchange x = new FakeExchange(method, path).from(port);
    admission.doFilter(
        x,
        new Filter.Chain(
            List.of(),
            (HttpExchange e) -> {
              handled.add(port);
              Responses.send(e, 200, Responses.JSON, "{}".getBytes());
            }));
    return x;
  }

  private FakeExchange push(int port) throws IOException {
    return send("POST", Contract.UPDATE_PATH, port);
  }

  @Test
  void aChildPastTheRoomIsRefusedWithRetryAfterAndItsConnectionClosed() throws IOException {
    assertEquals(200, send("POST", Contract.JOIN_PATH, 1).status());
    assertEquals(200, push(2).status());
    FakeExchange third = push(3);
    third.assertError(
        503, "Too many children: 2 are connected, the most this JVM keeps room for; retry in 5 s");
    assertEquals("5", third.header("Retry-After"));
    assertEquals("close", third.header("Connection"));
    assertTrue(third.closed());
    assertEquals(200, push(1).status(), "a connection already counted keeps pushing");
    assertEquals(200, send("GET", "/", 4).status(), "scrapers are not children");
    assertEquals(200, send("GET", "/metrics", 5).status());
    assertEquals(List.of(1, 2, 1, 4, 5), handled);
  }

  @Test
  void connectionsLongUnseenStopCounting() throws IOException {
    push(1);
    push(2);
    clock.addAndGet(30 * S);
    push(2); // still pushing
    clock.addAndGet(31 * S); // 1 unseen for 61 s: the server has closed it
    assertEquals(200, push(3).status());
    assertEquals(2, admission.size());
    assertEquals(503, push(1).status(), "1 comes back on a new connection, now one too many");
  }

  @Test
  void theRoomLeavesSomeConnectionsToScrapers() {
    assertEquals(3_840, ChildAdmission.maxChildren(4_096));
    assertEquals(10_244, ChildAdmission.maxChildren(10_500));
    assertEquals(192, ChildAdmission.maxChildren(256));
  }
}
