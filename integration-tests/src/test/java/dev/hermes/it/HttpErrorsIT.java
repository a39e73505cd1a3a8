package dev.hermes.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Each HTTP error is precise, cheap and leaves the endpoint serving. */
class HttpErrorsIT {
  private static Started app;
  private static String url;

  @BeforeAll
  static void start() throws Exception {
    int port = Jvm.freePort();
    url = "http://127.0.0.1:" + port;
    app =
        Jvm.withAgent("port=" + port)
            .classPath(Jvm.apps())
            .main("dev.hermes.it.apps.PlainApp", "60000")
            .start();
    app.awaitBody(url + "/health", body -> true);
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  @Test
  void unknownPathIs404() throws Exception {
    Http.Response r = Http.get(url + "/nope");
    assertEquals(404, r.status);
    assertEquals("Not found: /nope; try / or /health\n", r.body);
  }

  @Test
  void otherMethodIs405WithAllow() throws Exception {
    Http.Response r = Http.send("DELETE", url + "/");
    assertEquals(405, r.status);
    assertEquals("GET, HEAD", r.allow);
    assertEquals("Method DELETE not allowed\n", r.body);
  }

  @Test
  void unknownTypeIs400WithOneLineReason() throws Exception {
    Http.Response r = Http.get(url + "/?type=xml");
    assertEquals(400, r.status);
    assertEquals("text/plain; charset=utf-8", r.contentType);
    assertEquals("Unknown type [xml]; use type=text, type=json or type=prometheus\n", r.body);
  }

  @Test
  void malformedQueryIs400() throws Exception {
    String response =
        Http.raw(url, "GET /?type=%zz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    assertTrue(response.startsWith("HTTP/1.1 400 "), response);
    // The JDK server refuses the URI itself, before any handler runs.
    assertTrue(response.contains("Connection: close"), response);
  }

  @Test
  void headAnswersHeadersWithoutBody() throws Exception {
    String response =
        Http.raw(url, "HEAD / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    assertTrue(response.startsWith("HTTP/1.1 200 "), response);
    assertTrue(
        response.toLowerCase().contains("content-type: text/plain; charset=utf-8"), response);
    assertTrue(response.endsWith("\r\n\r\n"), "no body after the headers: " + response);
  }

  @Test
  void healthIsUp() throws Exception {
    Http.Response r = Http.get(url + "/health");
    assertEquals(200, r.status);
    assertEquals("{\"status\":\"up\"}\n", r.body);
  }

  @Test
  void garbageRequestGetsAnErrorAndTheEndpointServesOn() throws Exception {
    String response = Http.raw(url, "\u0001\u0002 garbage\r\n\r\n");
    assertTrue(response.isEmpty() || response.startsWith("HTTP/1.1 400"), response);
    assertEquals(200, Http.get(url + "/").status);
  }
}
