package dev.hermes.agent.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Complete responses: their length, their bytes, and no write larger than a slice. */
class ResponsesTest {
  @Test
  void aLargeBodyGoesOutWholeInSlices() throws IOException {
    String text = "0123456789abcdef".repeat(3 * Sink.SLICE / 16) + "tail\n";
    FakeExchange x = new FakeExchange("GET", "/");
    Responses.send(x, 200, Responses.TEXT, text.getBytes(StandardCharsets.UTF_8));
    assertEquals(200, x.status());
    assertEquals(text.length(), x.length());
    assertEquals(text, x.body());
    assertEquals(Sink.SLICE, x.largestWrite());
  }

  @Test
  void headAndEmptyBodiesSendNone() throws IOException {
    FakeExchange head = new FakeExchange("HEAD", "/");
    Responses.send(head, 200, Responses.JSON, "{}".getBytes(StandardCharsets.UTF_8));
    assertEquals(-1, head.length());
    assertEquals("", head.body());
    FakeExchange empty = new FakeExchange("GET", "/");
    Responses.send(empty, 204, Responses.TEXT, new byte[0]);
    assertEquals(-1, empty.length());
    assertTrue(empty.body().isEmpty());
  }
}
