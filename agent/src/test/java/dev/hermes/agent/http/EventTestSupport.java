package dev.hermes.agent.http;

import static org.junit.jupiter.api.Assertions.fail;

import dev.hermes.api.StatusChange;
import dev.hermes.api.StatusStore;
import dev.hermes.api.Subscription;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/** Real store changes, and response bodies that record or block, for the event stream tests. */
final class EventTestSupport {
  private static final AtomicInteger PREFIXES = new AtomicInteger();

  private EventTestSupport() {}

  /** A prefix no other test uses, in the one global store. */
  static String freshPrefix() {
    return "evt" + PREFIXES.incrementAndGet() + "/";
  }

  /** The changes {@code action} makes under {@code prefix}, as the store reports them. */
  static List<StatusChange> changes(String prefix, Runnable action) {
    List<StatusChange> seen = new ArrayList<>();
    try (Subscription s = StatusStore.global().subscribe(prefix, seen::add)) {
      action.run();
    }
    return seen;
  }

  static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        fail("timed out waiting for " + what);
      }
      Thread.sleep(10);
    }
  }

  /** Records what is written, for reading from the test's thread. */
  static final class Sink extends OutputStream {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    @Override
    public synchronized void write(int b) {
      bytes.write(b);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
      bytes.write(b, off, len);
    }

    synchronized String text() {
      return new String(bytes.toByteArray(), StandardCharsets.UTF_8);
    }
  }

  /** A consumer that stopped reading: every write blocks until the writer is interrupted. */
  static final class Stuck extends OutputStream {
    final CountDownLatch blocked = new CountDownLatch(1);

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      blocked.countDown();
      try {
        Thread.sleep(Long.MAX_VALUE);
      } catch (InterruptedException e) {
        throw new InterruptedIOException("interrupted");
      }
    }
  }
}
