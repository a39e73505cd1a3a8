package dev.hermes.agent.pull;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;

/**
 * A pulled answer's body, read within bounds: at most {@code maxBytes} (more is {@link TooLarge},
 * thrown as the byte past the budget arrives, so nothing beyond it is held), and by {@code
 * deadlineNanos} on the {@link System#nanoTime} clock (a body that trickles is timed out as a
 * silent one is; each read also has the connection's own read timeout).
 */
final class Bounded extends FilterInputStream {
  private final long maxBytes;
  private final long deadlineNanos;
  private final String timeout;
  private long read;

  Bounded(InputStream in, long maxBytes, long deadlineNanos, String timeout) {
    super(in);
    this.maxBytes = maxBytes;
    this.deadlineNanos = deadlineNanos;
    this.timeout = timeout;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (System.nanoTime() - deadlineNanos > 0) {
      throw new SocketTimeoutException(timeout);
    }
    // One byte more than the budget may be asked for, so that a body of exactly the budget ends.
    int n = super.read(b, off, (int) Math.min(len, maxBytes - read + 1));
    if (n > 0) {
      read += n;
      if (read > maxBytes) {
        throw new TooLarge("answer too large: cut off at " + Puller.size(maxBytes));
      }
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    int skipped = read(new byte[(int) Math.min(n, 8192)], 0, (int) Math.min(n, 8192));
    return Math.max(skipped, 0);
  }
}
