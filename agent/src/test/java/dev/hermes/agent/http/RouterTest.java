package dev.hermes.agent.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

import com.sun.net.httpserver.HttpHandler;
import dev.hermes.agent.tree.ChildRegistry;
import dev.hermes.api.StatusStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Router's dispatch and error path, with mock handlers behind three routes. */
class RouterTest {
  private static final String INTERNAL = "Internal error; see the JVM's stderr";

  private final HttpHandler get = mock(HttpHandler.class);
  private final HttpHandler post = mock(HttpHandler.class);

  private Router router(Route.Handler stream) {
    return new Router(
        Map.of(
            "/get", new Route(get, "GET"),
            "/post", new Route(post, "POST"),
            "/stream", Route.streaming(stream, "GET")));
  }

  private FakeExchange send(String method, String uri) throws IOException {
    return send(router(exchange -> true), method, uri);
  }

  private static FakeExchange send(Router router, String method, String uri) throws IOException {
    FakeExchange exchange = new FakeExchange(method, uri);
    router.handle(exchange);
    return exchange;
  }

  @Test
  void unknownPathIs404() throws IOException {
    FakeExchange x = send("GET", "/nope?type=json");
    x.assertError(404, "Not found: /nope; try / or /health");
    assertTrue(x.closed());
    assertEquals(404, send("GET", "/get/").status());
    verifyNoInteractions(get, post);
  }

  @Test
  void pathInA404IsEscapedAndCut() throws IOException {
    send("GET", "/a%0Ab").assertError(404, "Not found: /a\\nb; try / or /health");
    String path = "/" + "x".repeat(150);
    send("GET", path)
        .assertError(404, "Not found: " + path.substring(0, 100) + "...; try / or /health");
  }

  @Test
  void otherMethodIs405WithAllow() throws IOException {
    FakeExchange x = send("POST", "/get");
    x.assertError(405, "Method POST not allowed");
    assertEquals("GET, HEAD", x.header("Allow"));
    assertTrue(x.closed());
    FakeExchange y = send("GET", "/post");
    y.assertError(405, "Method GET not allowed");
    assertEquals("POST", y.header("Allow"));
    verifyNoInteractions(get, post);
  }

  @Test
  void allowedRequestGoesToItsRouteAndIsClosed() throws IOException {
    FakeExchange x = send("GET", "/get?a=b");
    verify(get).handle(x);
    assertTrue(x.closed());
    FakeExchange y = send("POST", "/post");
    verify(post).handle(y);
    assertTrue(y.closed());
    assertEquals(-1, x.status()); // the mocks answered nothing; the Router adds nothing
  }

  @Test
  void headGoesWhereGetDoes() throws IOException {
    FakeExchange x = send("HEAD", "/get");
    verify(get).handle(x);
    FakeExchange y = send("HEAD", "/post");
    y.assertError(405, "Method HEAD not allowed");
    assertEquals("POST", y.header("Allow"));
    assertEquals(-1, y.length());
    verifyNoInteractions(post);
  }

  @Test
  void failingHandlerIs500AndClosed() throws IOException {
    doThrow(new IllegalStateException("boom")).when(get).handle(any());
    FakeExchange x = send("GET", "/get");
    x.assertError(500, INTERNAL);
    assertTrue(x.closed());
    doThrow(new StackOverflowError()).when(post).handle(any());
    send("POST", "/post").assertError(500, INTERNAL);
  }

  // Found by FuzzIT: a join whose 1 MB main became a key too long for the store was logged with
  // the whole key, one 1 MB line in the host's stderr.
  @Test
  void aFailureIsOneLineOfBoundedLengthOnStderr() throws IOException {
    doThrow(new IllegalStateException("Invalid key [" + "M".repeat(1_000_000) + "]\nmore"))
        .when(get)
        .handle(any());
    String path = "/get" + "\n".repeat(10) + "x".repeat(200);
    FakeExchange x =
        new FakeExchange(
            "GET", URI.create("/get" + "%0A".repeat(10) + "x".repeat(200)), new byte[0]);
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream original = System.err;
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      new Router(Map.of(path, new Route(get, "GET"))).handle(x);
    } finally {
      System.setErr(original);
    }
    x.assertError(500, INTERNAL);
    String line = err.toString(StandardCharsets.UTF_8);
    String shown = line.substring(0, Math.min(line.length(), 400));
    assertTrue(line.endsWith("...\n") && line.indexOf('\n') == line.length() - 1, shown);
    assertTrue(line.length() <= 300, line.length() + " characters: " + shown);
    assertTrue(line.contains("request to /get" + "\\n".repeat(10) + "xxx"), shown);
    assertTrue(line.contains("failed: IllegalStateException: Invalid key [MMM"), shown);
  }

  @Test
  void ioExceptionIsLeftToTheServerAndTheExchangeToIt() throws IOException {
    IOException gone = new IOException("Broken pipe");
    doThrow(gone).when(get).handle(any());
    FakeExchange x = new FakeExchange("GET", "/get");
    assertSame(gone, assertThrows(IOException.class, () -> router(e -> true).handle(x)));
    assertFalse(x.closed());
    assertEquals(-1, x.status());
  }

  @Test
  void streamingRouteThatKeepsTheExchangeIsNotClosed() throws IOException {
    FakeExchange kept = send(router(exchange -> true), "GET", "/stream");
    assertFalse(kept.closed());
    FakeExchange answered = send(router(exchange -> false), "GET", "/stream");
    assertTrue(answered.closed());
  }

  @Test
  void streamingRouteSharesTheErrorPath() throws IOException {
    Router failing =
        router(
            exchange -> {
              throw new IllegalStateException("boom");
            });
    FakeExchange failed = send(failing, "GET", "/stream");
    failed.assertError(500, INTERNAL);
    assertTrue(failed.closed());
    FakeExchange gone = new FakeExchange("GET", "/stream");
    Router breaking =
        router(
            exchange -> {
              throw new IOException("Broken pipe");
            });
    assertThrows(IOException.class, () -> breaking.handle(gone));
    assertFalse(gone.closed());
  }

  @Test
  void serverRoutesAnswerTheirMethods() {
    StatusStore store = StatusStore.global();
    Map<String, Route> routes =
        StatusServer.routes(
            store, new ChildRegistry(store, Duration.ZERO), EventStreams.Limits.defaults());
    assertEquals(
        List.of(
            "/",
            "/status",
            "/health",
            "/health/live",
            "/health/ready",
            "/metrics",
            "/hermes/join",
            "/hermes/update",
            "/events"),
        List.copyOf(routes.keySet()));
    for (String path :
        List.of(
            "/", "/status", "/health", "/health/live", "/health/ready", "/metrics", "/events")) {
      assertEquals("GET, HEAD", routes.get(path).allowHeader(), path);
    }
    assertEquals("POST", routes.get("/hermes/join").allowHeader());
    assertEquals("POST", routes.get("/hermes/update").allowHeader());
  }
}
