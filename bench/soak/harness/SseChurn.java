import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * Attack (c), SSE churn: one loop that opens {@code GET /events}, reads for 50 ms from the connect,
 * closes, and starts again at once. Each attempt counts as its status ({@code 200} is a session,
 * {@code 503} the root's limit of 16 streams), {@code no answer} (nothing within the 50 ms) or how
 * the connection failed.
 */
final class SseChurn implements Runnable {
  private static final int READ_MS = 50;
  final Tally outcomes = new Tally();
  private final int port;
  private volatile boolean stopped;
  private volatile Socket current;

  SseChurn(int port) {
    this.port = port;
  }

  void stop() {
    stopped = true;
    Socket s = current;
    if (s != null) {
      RawHttp.closeQuietly(s);
    }
  }

  @Override
  public void run() {
    byte[] request = ("GET /events HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nAccept: text/event-stream\r\n\r\n")
        .getBytes(StandardCharsets.ISO_8859_1);
    byte[] buf = new byte[8192];
    while (!stopped) {
      String outcome;
      try (Socket s = new Socket()) {
        current = s;
        s.connect(new InetSocketAddress(RawHttp.LOOPBACK, port), 1000);
        long until = System.nanoTime() + READ_MS * 1_000_000L;
        s.getOutputStream().write(request);
        InputStream in = s.getInputStream();
        StringBuilder head = new StringBuilder();
        outcome = "no answer";
        for (long left; (left = (until - System.nanoTime()) / 1_000_000) > 0; ) {
          s.setSoTimeout((int) left);
          int n;
          try {
            n = in.read(buf);
          } catch (SocketTimeoutException e) {
            break;
          }
          if (n < 0) {
            outcome = head.length() == 0 ? "closed" : outcome;
            break;
          }
          if (head.length() < 16) {
            head.append(new String(buf, 0, Math.min(n, 16), StandardCharsets.ISO_8859_1));
            String[] words = head.toString().split(" ");
            if (words.length > 1 && words[1].length() >= 3) {
              outcome = words[1].substring(0, 3);
            }
          }
        }
      } catch (IOException e) {
        outcome = RawHttp.kind(e);
      }
      if (!stopped) {
        outcomes.add(outcome);
      }
      if (!outcome.equals("200") && !outcome.equals("503") && !outcome.equals("no answer")) {
        Hog.sleepQuietly(20); // a refused connection: do not spin
      }
    }
  }
}
