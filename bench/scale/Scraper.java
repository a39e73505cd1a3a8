import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * What a dashboard does to the root: one request at a time on one keep-alive connection, cycling
 * through {@code GET /}, {@code /?type=json}, {@code /?prefix=<child>/}, {@code /health} and {@code /metrics}, with
 * a pause of {@code gapMillis} after each answer. Each text answer (the whole tree) is also read
 * for the children's states: wrongly flagged children and ghosts.
 */
final class Scraper implements Runnable {
  // /health: the least a request costs on this machine, the floor under the others' latencies.
  static final String[] TYPES = {"text", "json", "prefix", "health", "metrics"};
  static final int TIMEOUT_MILLIS = 10_000;
  static final int FAILED = -1;
  static final int TIMED_OUT = -2;

  /** One request: when (ms since the children started), which, how long, status or FAILED... */
  record Sample(long at, String type, double millis, int status, int bytes) {}

  private final Children children;
  private final int port;
  private final long gapMillis;
  private volatile boolean stopped;
  private volatile boolean paused;
  private volatile boolean inRequest;
  private volatile boolean recording;
  final List<Sample> samples = new ArrayList<>(); // guarded by this
  final Set<String> wronglyFlagged = new HashSet<>(); // guarded by this; the brief's definition
  final Set<String> strictlyWrong = new HashSet<>(); // guarded by this; provably wrong
  final Set<String> ghosts = new HashSet<>(); // guarded by this
  long flagsSeen; // guarded by this: not_answering lines in the recorded text answers
  volatile Tree lastTree;
  volatile Thread thread;
  private final Client client;

  Scraper(Children children, int port, long gapMillis) {
    this.children = children;
    this.port = port;
    this.gapMillis = gapMillis;
    this.client = new Client(port, TIMEOUT_MILLIS);
  }

  void record(boolean on) {
    recording = on;
  }

  void stop() {
    stopped = true;
  }

  /** No more requests until {@link #resume}; returns once the one under way, if any, is done. */
  void pause() throws InterruptedException {
    paused = true;
    while (inRequest) {
      Thread.sleep(5);
    }
  }

  void resume() {
    paused = false;
  }

  @Override
  public void run() {
    thread = Thread.currentThread();
    try {
      for (int i = 0; !stopped; i++) {
        if (paused) {
          i--;
          Thread.sleep(10);
          continue;
        }
        String type = TYPES[i % TYPES.length];
        String path =
            switch (type) {
              case "text" -> "/";
              case "json" -> "/?type=json";
              case "prefix" -> "/?prefix=" + someChild() + "/";
              case "health" -> "/health";
              default -> "/metrics";
            };
        inRequest = true;
        if (paused) { // pause() saw no request under way: none may start
          inRequest = false;
          i--;
          continue;
        }
        try {
          scrape(type, path);
        } finally {
          inRequest = false;
        }
        Thread.sleep(gapMillis);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      client.close();
    }
  }

  private String someChild() {
    for (int tries = 0; tries < 10; tries++) {
      String name = children.names.get(ThreadLocalRandom.current().nextInt(children.n));
      if (name != null) {
        return name;
      }
    }
    return "c0000";
  }

  private void scrape(String type, String path) {
    boolean rec = recording;
    long[] lastOk = type.equals("text") ? snapshotLastOk(children) : null;
    long t0 = System.nanoTime();
    Client.Answer a;
    try {
      a = client.get(path);
    } catch (IOException e) {
      if (rec) {
        int status = e instanceof SocketTimeoutException ? TIMED_OUT : FAILED;
        synchronized (this) {
          samples.add(
              new Sample(children.elapsedMillis(t0), type, ms(System.nanoTime() - t0), status, 0));
        }
      }
      return;
    }
    long t1 = System.nanoTime();
    if (rec) {
      synchronized (this) {
        samples.add(
            new Sample(children.elapsedMillis(t0), type, ms(t1 - t0), a.status, a.body.length));
      }
    }
    if (lastOk != null && a.status == 200) {
      Tree tree = Tree.parse(a.body);
      lastTree = tree;
      if (rec) {
        synchronized (this) {
          Judgement j = Judgement.of(children, tree, lastOk, a.headersAt);
          wronglyFlagged.addAll(j.wronglyFlagged);
          strictlyWrong.addAll(j.strictlyWrong);
          ghosts.addAll(j.ghosts);
          flagsSeen += j.flagsSeen;
        }
      }
    }
  }

  /** Each child's last update answered 200 before now: {send, done} interleaved. */
  static long[] snapshotLastOk(Children children) {
    long[] s = new long[children.n * 2];
    for (int i = 0; i < children.n; i++) {
      s[2 * i + 1] = children.lastOkDone.get(i);
      s[2 * i] = children.lastOkSent.get(i);
    }
    return s;
  }

  /**
   * What one whole tree says of the children. A child shown not_answering although its last
   * update before the request was answered 200 less than 3 s before the root's answer came is
   * wrongly flagged; strictly wrong when even its sending was (the root then had it, less than 3 s
   * before its snapshot, for certain). A child the root shows that the simulator does not have
   * under that name is a ghost.
   */
  static final class Judgement {
    final Set<String> wronglyFlagged = new HashSet<>();
    final Set<String> strictlyWrong = new HashSet<>();
    final Set<String> ghosts = new HashSet<>();
    long flagsSeen; // not_answering lines

    static Judgement of(Children children, Tree tree, long[] lastOk, long answeredAt) {
      Judgement j = new Judgement();
      long limit = answeredAt - 3 * Children.SECOND;
      for (Map.Entry<String, String> e : tree.states.entrySet()) {
        Integer id = children.byName.get(e.getKey());
        if (id == null) {
          j.ghosts.add(e.getKey());
          continue;
        }
        if (!"not_answering".equals(e.getValue())) {
          continue;
        }
        j.flagsSeen++;
        long sent = lastOk[2 * id];
        long done = lastOk[2 * id + 1];
        if (done != 0 && done >= limit) {
          j.wronglyFlagged.add(e.getKey());
        }
        if (sent != 0 && sent >= limit) {
          j.strictlyWrong.add(e.getKey());
        }
      }
      return j;
    }
  }

  private static double ms(long nanos) {
    return nanos / 1e6;
  }

  /** The root's tree as text: keys in all, own keys per child, each child's state. */
  static final class Tree {
    int keys;
    final Map<String, Integer> childKeys = new HashMap<>();
    final Map<String, String> states = new HashMap<>();

    static Tree parse(byte[] body) {
      Tree t = new Tree();
      String text = new String(body, StandardCharsets.UTF_8);
      for (int from = 0, nl; from < text.length(); from = nl + 1) {
        nl = text.indexOf('\n', from);
        if (nl < 0) {
          nl = text.length();
        }
        int colon = text.indexOf(": ", from);
        if (colon < 0 || colon > nl) {
          continue;
        }
        t.keys++;
        int slash = text.indexOf('/', from);
        if (slash < 0 || slash > colon) {
          continue; // the root's own key
        }
        String child = text.substring(from, slash);
        if (text.startsWith("hermes.child.", slash + 1)) {
          if (text.startsWith("hermes.child.state", slash + 1) && slash + 19 == colon) {
            t.states.put(child, text.substring(colon + 2, nl));
          }
        } else {
          t.childKeys.merge(child, 1, Integer::sum);
        }
      }
      return t;
    }
  }

  /**
   * A minimal HTTP/1.1 GET client on one keep-alive connection to 127.0.0.1: Content-Length and
   * chunked bodies, one retry on a new connection when the root closed an idle one.
   */
  static final class Client {
    record Answer(int status, byte[] body, long headersAt) {}

    private final int port;
    private final int timeoutMillis;
    private Socket socket;
    private OutputStream out;
    private InputStream in;

    Client(int port, int timeoutMillis) {
      this.port = port;
      this.timeoutMillis = timeoutMillis;
    }

    Answer get(String path) throws IOException {
      boolean fresh = socket == null;
      try {
        if (fresh) {
          connect();
        }
        return exchange(path);
      } catch (EOFException | java.net.SocketException e) {
        close();
        if (fresh) {
          throw e;
        }
        connect(); // the root closed the idle connection: once more on a new one
        try {
          return exchange(path);
        } catch (IOException again) {
          close();
          throw again;
        }
      } catch (IOException e) {
        close(); // a timeout leaves the connection in an unknown state
        throw e;
      }
    }

    private void connect() throws IOException {
      socket = new Socket();
      socket.setTcpNoDelay(true);
      socket.setSoTimeout(timeoutMillis);
      socket.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
      out = socket.getOutputStream();
      in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
    }

    private Answer exchange(String path) throws IOException {
      out.write(
          ("GET "
                      + path
                      + " HTTP/1.1\r\nHost: 127.0.0.1:"
                      + port
                      + "\r\n"
                      + (Children.SECRET == null
                          ? ""
                          : "Hermes-Secret: " + Children.SECRET + "\r\n")
                      + "\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      String status = line();
      long headersAt = System.nanoTime();
      if (!status.startsWith("HTTP/1.") || status.length() < 12) {
        throw new IOException("not a status line: [" + status + "]");
      }
      long length = -1;
      boolean chunked = false;
      boolean closing = false;
      for (String h; !(h = line()).isEmpty(); ) {
        String lower = h.toLowerCase();
        if (lower.startsWith("content-length:")) {
          length = Long.parseLong(lower.substring(15).trim());
        } else if (lower.startsWith("transfer-encoding:")) {
          chunked = lower.contains("chunked");
        } else if (lower.startsWith("connection:")) {
          closing = lower.contains("close");
        }
      }
      byte[] body;
      if (chunked) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        for (int size; (size = Integer.parseInt(line().split(";")[0].trim(), 16)) > 0; ) {
          buf.write(in.readNBytes(size));
          line();
        }
        while (!line().isEmpty()) {} // trailers
        body = buf.toByteArray();
      } else if (length >= 0) {
        body = in.readNBytes((int) length);
        if (body.length < length) {
          throw new EOFException("body cut short");
        }
      } else {
        body = in.readAllBytes();
        closing = true;
      }
      if (closing) {
        close();
      }
      return new Answer(Integer.parseInt(status.substring(9, 12)), body, headersAt);
    }

    private String line() throws IOException {
      StringBuilder sb = new StringBuilder();
      for (int c; (c = in.read()) != '\n'; ) {
        if (c < 0) {
          throw new EOFException("connection closed");
        }
        if (c != '\r') {
          sb.append((char) c);
        }
      }
      return sb.toString();
    }

    void close() {
      if (socket != null) {
        try {
          socket.close();
        } catch (IOException ignored) {
          // closing
        }
        socket = null;
      }
    }
  }
}
