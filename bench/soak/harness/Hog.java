import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Attack (a), memory exhaustion: one token-less join as {@code hog} (with this JVM's pid, which
 * lives for the whole run, so the root keeps the session), then, one after another as fast as the
 * root answers, updates of 120 values of 8,192 characters under fresh keys (a body just under 1
 * MiB). A fixed root refuses with a 4xx once a budget is reached; an unfixed one keeps every value.
 */
final class Hog implements Runnable {
  static final int KEYS_PER_BATCH = 120;
  static final int VALUE_CHARS = 8192;
  private static final Pattern SESSION = Pattern.compile("\"session\"\\s*:\\s*\"([^\"]+)\"");

  final Tally outcomes = new Tally(); // per update: "200", "413", ..., "timeout", "reset"...
  final Tally joins = new Tally();
  volatile double firstRefusalSeconds = -1;
  volatile double firstErrorSeconds = -1;
  private final int port;
  private final long startNanos;
  private final String value = "x".repeat(VALUE_CHARS);
  private volatile boolean stopped;
  private volatile long sentAt; // the update in flight was sent then; 0: none

  Hog(int port, long startNanos) {
    this.port = port;
    this.startNanos = startNanos;
  }

  /** How long the update in flight has waited for its answer, or -1 when none is. */
  double inFlightSeconds() {
    long t = sentAt;
    return t == 0 ? -1 : (System.nanoTime() - t) / 1e9;
  }

  void stop() {
    stopped = true;
  }

  @Override
  public void run() {
    String session = join();
    for (int batch = 0; session != null && !stopped; batch++) {
      byte[] body = batch(batch);
      String outcome;
      sentAt = System.nanoTime();
      try {
        int status = RawHttp.send(port, "POST", "/hermes/update", "Hermes-Session: " + session + "\r\n", body, 10_000).status;
        outcome = Integer.toString(status);
      } catch (IOException e) {
        outcome = RawHttp.kind(e);
      }
      sentAt = 0;
      if (stopped) {
        break; // cut by the end of the window: not the root's doing
      }
      outcomes.add(outcome);
      double at = (System.nanoTime() - startNanos) / 1e9;
      if (outcome.startsWith("4") && firstRefusalSeconds < 0) {
        firstRefusalSeconds = at;
      } else if (!outcome.equals("200") && !outcome.startsWith("4") && firstErrorSeconds < 0) {
        firstErrorSeconds = at;
      }
      if (!outcome.equals("200")) {
        sleepQuietly(50); // a refused or failing root: try again soon, without spinning
      }
    }
  }

  /** Joins until answered (or stopped); the session, or null. */
  private String join() {
    byte[] body = ("{\"pid\":" + ProcessHandle.current().pid() + ",\"name\":\"hog\",\"main\":\"x\"}")
        .getBytes(StandardCharsets.UTF_8);
    while (!stopped) {
      try {
        RawHttp.Answer a = RawHttp.send(port, "POST", "/hermes/join", "", body, 5000);
        joins.add(Integer.toString(a.status));
        Matcher m = SESSION.matcher(a.text());
        if (a.status == 200 && m.find()) {
          return m.group(1);
        }
      } catch (IOException e) {
        joins.add(RawHttp.kind(e));
      }
      sleepQuietly(500);
    }
    return null;
  }

  /** Keys {@code hog.b<batch>.k<i>}: new ones every time. */
  private byte[] batch(int batch) {
    StringBuilder json = new StringBuilder(KEYS_PER_BATCH * (VALUE_CHARS + 48));
    json.append("{\"full\":false,\"set\":{");
    for (int i = 0; i < KEYS_PER_BATCH; i++) {
      json.append(i == 0 ? "" : ",")
          .append(String.format("\"hog.b%06d.k%03d\":{\"value\":\"", batch, i))
          .append(value)
          .append("\",\"age\":0}");
    }
    json.append("},\"removed\":[]}");
    byte[] body = json.toString().getBytes(StandardCharsets.UTF_8);
    if (body.length >= 1 << 20) {
      throw new IllegalStateException("a hog batch must stay under 1 MiB: " + body.length);
    }
    return body;
  }

  static void sleepQuietly(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
