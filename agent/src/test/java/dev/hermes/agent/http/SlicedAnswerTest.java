package dev.hermes.agent.http;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hermes.api.Status;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Answers of every size go out whole, with the bytes the renderer gives, in writes of at most one
 * slice: with their length up to {@link SlicedAnswer#HOLD_LIMIT}, chunked past it.
 */
class SlicedAnswerTest {
  private static final long S = 1_000_000_000L;
  private static final long NOW = 500 * S;

  private static StatusView tree(int keys, int valueLength) {
    SortedMap<String, Status> snapshot = new TreeMap<>();
    for (int i = 0; i < keys; i++) {
      String value = ("v" + i + "-é\n").repeat(valueLength / 5 + 1);
      snapshot.put(
          (i % 7 == 0 ? "" : "c" + i % 100 + "/") + "key_" + i,
          new Status(value, NOW - i * 1_000_003L, i % 5 == 0 ? 60 * S : 0));
    }
    return StatusView.of(snapshot, NOW);
  }

  private static FakeExchange send(String method, Format format, StatusView view)
      throws IOException {
    FakeExchange x = new FakeExchange(method, "/");
    SlicedAnswer.send(x, format, view);
    return x;
  }

  private static String expected(Format format, StatusView view) throws IOException {
    Sink sink = Sink.collecting();
    format.render(view, sink);
    return new String(sink.toByteArray(), StandardCharsets.UTF_8);
  }

  @Test
  void aSmallAnswerHasItsLengthAndItsBytes() throws IOException {
    StatusView view = tree(50, 20);
    for (Format format : Format.values()) {
      FakeExchange x = send("GET", format, view);
      assertEquals(200, x.status());
      assertEquals(format.contentType, x.header("Content-Type"));
      assertEquals(expected(format, view), x.body(), format.name());
      assertEquals(x.body().getBytes(StandardCharsets.UTF_8).length, x.length(), format.name());
    }
  }

  @Test
  void aLargeAnswerIsChunkedAndGoesOutInSlices() throws IOException {
    StatusView view = tree(20_000, 60); // several megabytes in every format
    for (Format format : Format.values()) {
      FakeExchange x = send("GET", format, view);
      String body = x.body();
      long bytes = body.getBytes(StandardCharsets.UTF_8).length;
      assertTrue(bytes > 2 * SlicedAnswer.HOLD_LIMIT, format + ": only " + bytes + " bytes");
      assertEquals(expected(format, view), body, format.name());
      assertEquals(0, x.length(), format + ": chunked");
      assertTrue(x.largestWrite() <= Sink.SLICE, format + ": a write of " + x.largestWrite());
    }
  }

  @Test
  void answersAroundTheHoldLimitAreExact() throws IOException {
    // Held and sent with its length just under the limit, chunked just over it.
    int keys = 1000;
    while (expected(Format.TEXT, tree(keys, 100)).getBytes(StandardCharsets.UTF_8).length
        < SlicedAnswer.HOLD_LIMIT) {
      keys += 100;
    }
    boolean under = false;
    boolean over = false;
    for (int k = keys - 110; k < keys + 10; k += 3) {
      StatusView view = tree(k, 100);
      FakeExchange x = send("GET", Format.TEXT, view);
      assertEquals(expected(Format.TEXT, view), x.body());
      long bytes = x.body().getBytes(StandardCharsets.UTF_8).length;
      assertEquals(bytes <= SlicedAnswer.HOLD_LIMIT ? bytes : 0, x.length());
      under |= bytes <= SlicedAnswer.HOLD_LIMIT;
      over |= bytes > SlicedAnswer.HOLD_LIMIT;
    }
    assertTrue(under && over, "the sizes tried do not straddle the limit");
  }

  @Test
  void aChunkedAnswerCutByAFailureIsNeverEnded() {
    FakeExchange x = new FakeExchange("GET", "/");
    StatusView view = tree(20_000, 60);
    x.breakConnection();
    assertThrows(IOException.class, () -> SlicedAnswer.send(x, Format.PROMETHEUS, view));
    assertEquals(0, x.length(), "chunked");
    assertFalse(x.bodyClosed(), "closing would send the last chunk of a cut answer");
    FakeExchange whole = new FakeExchange("GET", "/");
    assertDoesNotThrow(() -> SlicedAnswer.send(whole, Format.PROMETHEUS, view));
    assertTrue(whole.bodyClosed());
  }

  @Test
  void headAndEmptyAnswersHaveNoBody() throws IOException {
    FakeExchange head = send("HEAD", Format.JSON, tree(20_000, 60));
    assertEquals(200, head.status());
    assertEquals(-1, head.length());
    assertEquals(Responses.JSON, head.header("Content-Type"));
    assertEquals("", head.body());
    FakeExchange empty = send("GET", Format.TEXT, tree(0, 0));
    assertEquals(200, empty.status());
    assertEquals(-1, empty.length());
    assertEquals("", empty.body());
  }
}
