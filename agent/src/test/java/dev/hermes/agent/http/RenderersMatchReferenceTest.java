package dev.hermes.agent.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hermes.api.Status;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The streaming renderers give, byte for byte, what the renderers that built each answer as a
 * string gave ({@link ReferenceRenderers}): on random trees whose values hold every kind of
 * character that is escaped, encoded on more than one byte, or not a character at all (an unpaired
 * surrogate), numbers of every form, and values long enough to be cut; and on trees large enough
 * that the answers span many slices.
 */
class RenderersMatchReferenceTest {
  private static final long S = 1_000_000_000L;
  private static final String[] PIECES = {
    "a",
    "Z",
    "0",
    "9",
    " ",
    ".",
    "-",
    "+",
    "e",
    "E",
    "\\",
    "\"",
    "\n",
    "\r",
    "\t",
    "\u0000",
    "\u001f",
    "\u007f",
    "\u0085",
    "\u009f",
    "\u00a0",
    "é",
    "\u2028",
    "\u2029",
    "€",
    "\uffff",
    "\uD834\uDD1E",
    "\uD834",
    "\uDD1E",
    "{",
    "}",
    "=",
    ",",
    "NaN",
    "Infinity",
    "0x1"
  };
  private static final String[] NUMBERS = {
    "0",
    "7",
    "-0",
    "+5",
    "007",
    ".5",
    "5.",
    "1e3",
    "1E-3",
    "-3e2",
    "1.5E7",
    "12345678901234567",
    "123456789012345",
    "1234567890123456",
    "1e400",
    "-1e400",
    "0.1",
    "1e-400",
    "4.9e-324",
    "00"
  };

  @Test
  void randomTreesRenderAsBefore() {
    Random random = new Random(11);
    for (int round = 0; round < 300; round++) {
      assertSame(tree(random, 1 + random.nextInt(40)), 100 * S + random.nextInt(1_000_000_000));
    }
  }

  @Test
  void largeTreesSpanningManySlicesRenderAsBefore() {
    Random random = new Random(12);
    // Well past StatusView's blocks and the Sink's slices; values long enough to need both.
    assertSame(tree(random, 5_000), 100 * S + 123_456_789);
  }

  @Test
  void longValuesAreCutAsBefore() {
    SortedMap<String, Status> snapshot = new TreeMap<>();
    long now = 100 * S;
    String[] values = {
      "x".repeat(127),
      "x".repeat(128),
      "x".repeat(129),
      "x".repeat(124) + "\uD834\uDD1E" + "zz",
      "x".repeat(125) + "\uD834\uDD1E" + "zz",
      "\"".repeat(200),
      "é".repeat(8192),
      "\uD834".repeat(300),
      "\n".repeat(9000)
    };
    for (int i = 0; i < values.length; i++) {
      snapshot.put("w/k" + i, new Status(values[i], now - i * 1_234_567L, i * S));
    }
    assertSame(snapshot, now);
  }

  @Test
  void numbersAreRecognisedAsBefore() {
    Random random = new Random(13);
    for (String n : NUMBERS) {
      assertEquals(ReferenceRenderers.number(n), PrometheusRenderer.number(n), n);
    }
    String alphabet = "0123456789+-.eE x";
    for (int i = 0; i < 200_000; i++) {
      StringBuilder s = new StringBuilder();
      for (int n = random.nextInt(8); n > 0; n--) {
        s.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      String value = s.toString();
      assertEquals(ReferenceRenderers.isDecimal(value), PrometheusRenderer.isDecimal(value), value);
      assertEquals(ReferenceRenderers.number(value), PrometheusRenderer.number(value), value);
    }
  }

  @Test
  void secondsAreWrittenAndFormattedAsOfWritesThem() throws Exception {
    Random random = new Random(14);
    long[] edges = {0, 1, 499_999, 500_000, 999_999, 1_000_000, 999_500_000, 1_000_000_000L};
    Sink sink = Sink.collecting();
    StringBuilder expected = new StringBuilder();
    char[] chars = new char[24];
    for (int i = 0; i < 50_000; i++) {
      long nanos =
          i < edges.length
              ? edges[i]
              : i % 3 == 0 ? random.nextInt(Integer.MAX_VALUE) : random.nextLong() >>> 1;
      Seconds.write(sink, nanos);
      sink.ascii('\n');
      expected.append(Seconds.of(nanos)).append('\n');
      assertEquals(Seconds.of(nanos), new String(chars, 0, Seconds.format(nanos, chars)));
    }
    assertEquals(expected.toString(), new String(sink.toByteArray(), StandardCharsets.US_ASCII));
  }

  private static void assertSame(SortedMap<String, Status> snapshot, long now) {
    StatusView view = StatusView.of(snapshot, now);
    assertEquals(
        new String(ReferenceRenderers.text(snapshot), StandardCharsets.UTF_8),
        new String(TextRenderer.render(view), StandardCharsets.UTF_8));
    assertArrayEquals(ReferenceRenderers.text(snapshot), TextRenderer.render(view), "text");
    assertArrayEquals(ReferenceRenderers.json(snapshot, now), JsonRenderer.render(view), "json");
    for (boolean openMetrics : new boolean[] {false, true}) {
      assertArrayEquals(
          ReferenceRenderers.prometheus(snapshot, now, openMetrics),
          PrometheusRenderer.render(view, openMetrics),
          openMetrics ? "openmetrics" : "prometheus");
    }
  }

  private static SortedMap<String, Status> tree(Random random, int keys) {
    SortedMap<String, Status> snapshot = new TreeMap<>();
    long now = 100 * S;
    for (int i = 0; i < keys; i++) {
      String child = random.nextInt(4) == 0 ? "" : "c" + random.nextInt(50) + "/";
      if (random.nextInt(5) == 0) {
        child += "g" + random.nextInt(3) + "/";
      }
      String key = child + "k" + random.nextInt(1000) + (random.nextBoolean() ? ".x_y" : "");
      String value;
      int kind = random.nextInt(4);
      if (kind == 0) {
        value = NUMBERS[random.nextInt(NUMBERS.length)];
      } else if (kind == 1) {
        value = "v" + random.nextInt(100_000);
      } else {
        StringBuilder s = new StringBuilder();
        for (int n = random.nextInt(kind == 2 ? 12 : 90); n > 0; n--) {
          s.append(PIECES[random.nextInt(PIECES.length)]);
        }
        value = s.toString();
      }
      long age = random.nextInt(5) == 0 ? 0 : (long) (random.nextDouble() * 1000 * S);
      long ttl = random.nextBoolean() ? 0 : 1 + (long) (random.nextDouble() * 100 * S);
      snapshot.put(key, new Status(value, now - age, ttl));
    }
    return snapshot;
  }
}
