package dev.hermes.agent.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The sink's encoders, its slices and its modes. */
class SinkTest {
  @Test
  void utf8IsWhatGetBytesGives() throws IOException {
    String[] samples = {
      "",
      "ascii",
      "é",
      "€",
      "\uD834\uDD1E",
      "\uD834",
      "\uDD1E",
      "\uDD1E\uD834",
      "a\uD834b",
      "\uffff",
      "\u0080\u07ff\u0800"
    };
    for (String s : samples) {
      Sink sink = Sink.collecting();
      sink.utf8(s);
      assertArrayEquals(s.getBytes(StandardCharsets.UTF_8), sink.toByteArray(), s);
    }
  }

  @Test
  void aWritingSinkNeverWritesMoreThanASlice() throws IOException {
    List<Integer> writes = new ArrayList<>();
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    OutputStream recording =
        new OutputStream() {
          @Override
          public void write(int b) {
            writes.add(1);
            all.write(b);
          }

          @Override
          public void write(byte[] b, int off, int len) {
            writes.add(len);
            all.write(b, off, len);
          }
        };
    Sink sink = Sink.writing(recording);
    byte[] big = new byte[3 * Sink.SLICE + 17];
    new Random(1).nextBytes(big);
    sink.write(big, 0, big.length);
    String text = "é\uD834\uDD1E".repeat(50_000);
    sink.utf8(text);
    sink.finish();
    for (int n : writes) {
      assertTrue(n <= Sink.SLICE, "a write of " + n);
    }
    byte[] expected = new byte[big.length + text.getBytes(StandardCharsets.UTF_8).length];
    System.arraycopy(big, 0, expected, 0, big.length);
    byte[] encoded = text.getBytes(StandardCharsets.UTF_8);
    System.arraycopy(encoded, 0, expected, big.length, encoded.length);
    assertArrayEquals(expected, all.toByteArray());
    assertEquals(expected.length, sink.size());
  }

  @Test
  void aHoldingSinkOpensItsStreamOncePastItsLimit() throws IOException {
    ByteArrayOutputStream opened = new ByteArrayOutputStream();
    int[] opens = {0};
    Sink sink =
        Sink.holding(
            2 * Sink.SLICE,
            () -> {
              opens[0]++;
              return opened;
            });
    byte[] slice = new byte[Sink.SLICE];
    Arrays.fill(slice, (byte) 'a');
    sink.write(slice, 0, slice.length);
    sink.write(slice, 0, slice.length);
    sink.write('b');
    assertTrue(sink.holdsAll(), "at the limit, and one byte in the buffer");
    assertEquals(0, opens[0]);
    Arrays.fill(slice, (byte) 'c');
    sink.write(slice, 0, slice.length);
    assertFalse(sink.holdsAll());
    sink.write(slice, 0, slice.length);
    sink.finish();
    assertEquals(1, opens[0]);
    assertEquals(4L * Sink.SLICE + 1, sink.size());
    String expected = "a".repeat(2 * Sink.SLICE) + "b" + "c".repeat(2 * Sink.SLICE);
    assertEquals(expected, opened.toString(StandardCharsets.US_ASCII));
  }

  @Test
  void aCollectingSinkHoldsEverything() throws IOException {
    Sink sink = Sink.collecting();
    byte[] big = new byte[5 * Sink.SLICE + 3];
    new Random(2).nextBytes(big);
    sink.write(big, 0, big.length);
    assertTrue(sink.holdsAll());
    assertArrayEquals(big, sink.toByteArray());
  }

  @Test
  void decimalsAreWrittenInFull() throws IOException {
    for (long n : new long[] {0, 1, 9, 10, 99, 100, 1234567890123L, Long.MAX_VALUE}) {
      Sink sink = Sink.collecting();
      sink.decimal(n);
      assertEquals(Long.toString(n), new String(sink.toByteArray(), StandardCharsets.US_ASCII));
    }
  }
}
