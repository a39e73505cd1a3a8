package dev.hermes.agent.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

/** Request bodies read up to a limit, for the join and update routes. */
class BodiesTest {
  private static FakeExchange post(byte[] body) {
    return new FakeExchange("POST", "/hermes/update", body);
  }

  @Test
  void bodyUpToTheLimitIsReadWhole() throws IOException {
    byte[] body = new byte[10];
    body[9] = 7;
    assertArrayEquals(body, Bodies.read(post(body), 10));
    assertArrayEquals(new byte[0], Bodies.read(post(new byte[0]), 10));
  }

  @Test
  void bodyPastTheLimitIsRefusedWithoutReadingItAll() throws IOException {
    ByteArrayInputStream in = new ByteArrayInputStream(new byte[100]);
    FakeExchange exchange = post(new byte[0]);
    exchange.setStreams(in, null);
    assertNull(Bodies.read(exchange, 10));
    assertEquals(89, in.available());
  }

  @Test
  void declaredLengthPastTheLimitIsRefusedUnread() throws IOException {
    assertNull(Bodies.read(post(new byte[5]).with("Content-Length", "11"), 10));
    assertArrayEquals(new byte[5], Bodies.read(post(new byte[5]).with("Content-Length", "5"), 10));
  }

  @Test
  void aDeclaredLengthIsReadExactly() throws IOException {
    // The JDK server's stream ends at the declared length; this one does not, so the read
    // must stop there by itself.
    assertArrayEquals(
        new byte[] {1, 2, 3},
        Bodies.read(post(new byte[] {1, 2, 3, 4, 5}).with("Content-Length", "3"), 10));
    assertArrayEquals(new byte[0], Bodies.read(post(new byte[5]).with("Content-Length", "0"), 10));
  }

  @Test
  void malformedDeclaredLengthIsRefused() throws IOException {
    assertNull(Bodies.read(post(new byte[5]).with("Content-Length", "five"), 10));
  }

  // Found by FuzzIT: a chunk size of 0x80000000 or more overflows the JDK's chunked reader, which
  // then throws IndexOutOfBoundsException; the Router made that a 500.
  @Test
  void aBodyTheServerCannotReadIsAnIoException() {
    FakeExchange exchange = post(new byte[0]);
    exchange.setStreams(
        new InputStream() {
          @Override
          public int read() {
            throw new IndexOutOfBoundsException();
          }

          @Override
          public int read(byte[] b, int off, int len) {
            throw new IndexOutOfBoundsException("Range [0, 0 + -2147483648) out of bounds");
          }
        },
        null);
    IOException e = assertThrows(IOException.class, () -> Bodies.read(exchange, 10));
    assertTrue(e.getCause() instanceof IndexOutOfBoundsException, e.toString());
  }
}
