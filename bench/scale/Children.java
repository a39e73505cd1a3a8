import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.PriorityQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * N simulated children on one selector thread, each speaking to the root as the agent's
 * ParentLink does: {@code POST /hermes/join} (no token), then {@code POST /hermes/update} with its
 * {@code Hermes-Session}: a full push of 100 keys, then every second a push of 3 changed keys. Any
 * failure makes the next push a full one after a backoff of 100 ms doubling to 5 s; a 403 on an
 * update (the root no longer knows the session) means joining again, as the link does. Every
 * update carries {@code "sent"} (epoch ms) and {@code "seq"} (1, 2, ... since the last join). One
 * keep-alive connection per child, opened again whenever the root closes it; 2 s to connect and 2
 * s for the answer. In a burst ({@link #burst}) every child pushes all its keys, changed, again as
 * soon as the last push is answered.
 *
 * <p>Every field but the atomics is the loop thread's; other threads go through {@link #onLoop}.
 */
final class Children implements Runnable {
  /** The root's secret (run.sh sets SCALE_SECRET), sent with every request; null for none. */
  static final String SECRET = System.getenv("SCALE_SECRET");

  static final int KEYS = 100;
  static final int CHANGED = 3;
  static final int TTL_EVERY = 5;
  static final long SECOND = 1_000_000_000L;
  static final long TIMEOUT = 2 * SECOND;
  static final int JOIN_CONCURRENCY = 64;
  private static final byte[] FULL_HEAD = ascii("{\"full\":true,\"part\":0,\"sent\":");
  private static final byte[] DELTA_HEAD = ascii("{\"full\":false,\"sent\":");
  private static final byte[] SEQ = ascii(",\"seq\":");
  private static final byte[] SET = ascii(",\"set\":{");
  private static final byte[] AGE = ascii("\",\"age\":");
  private static final byte[] TTL = ascii(",\"ttl\":60.0");
  private static final byte[] FULL_TAIL = ascii("},\"removed\":[],\"withheld\":0,\"last\":true}");
  private static final byte[] DELTA_TAIL = ascii("},\"removed\":[]}");
  private static final String[] KEY_NAMES = new String[KEYS];
  private static final byte[][] KEY_FIELDS = new byte[KEYS][];

  static {
    for (int k = 0; k < KEYS; k++) {
      KEY_NAMES[k] = String.format("app.metrics.key_%03d", k); // 19 characters
      KEY_FIELDS[k] = ascii("\"" + KEY_NAMES[k] + "\":{\"value\":\"");
    }
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  /** What happened in one interval: written by the loop thread, handed over by {@link #take}. */
  static final class Counters {
    long pushesOk, fullOk, keysAccepted, joinsOk, rejoins, connects, closedIdle;
    long failTimeout, failRefused, failClosed, failStatus, fail403, joinFailures, joinsRefused;
    long delayedByRoot, missedSlots;
    LongList lateness = new LongList(); // µs from a slot to its push, child idle at the slot
    LongList roundTrip = new LongList(); // µs from sending an update to its 200

    long failures() {
      return failTimeout + failRefused + failClosed + failStatus + fail403;
    }

    void add(Counters o) {
      pushesOk += o.pushesOk;
      fullOk += o.fullOk;
      keysAccepted += o.keysAccepted;
      joinsOk += o.joinsOk;
      rejoins += o.rejoins;
      connects += o.connects;
      closedIdle += o.closedIdle;
      failTimeout += o.failTimeout;
      failRefused += o.failRefused;
      failClosed += o.failClosed;
      failStatus += o.failStatus;
      fail403 += o.fail403;
      joinFailures += o.joinFailures;
      joinsRefused += o.joinsRefused;
      delayedByRoot += o.delayedByRoot;
      missedSlots += o.missedSlots;
      lateness.addAll(o.lateness);
      roundTrip.addAll(o.roundTrip);
    }
  }

  /** A growable array of longs. */
  static final class LongList {
    long[] a = new long[256];
    int size;

    void add(long v) {
      if (size == a.length) {
        a = java.util.Arrays.copyOf(a, size * 2);
      }
      a[size++] = v;
    }

    void addAll(LongList o) {
      for (int i = 0; i < o.size; i++) {
        add(o.a[i]);
      }
    }

    /** Nearest-rank percentile, or NaN when empty; sorts in place. */
    double percentile(double p) {
      if (size == 0) {
        return Double.NaN;
      }
      java.util.Arrays.sort(a, 0, size);
      int rank = (int) Math.ceil(p / 100.0 * size);
      return a[Math.max(0, Math.min(size - 1, rank - 1))];
    }
  }

  private enum Phase { IDLE, CONNECTING, SENDING, AWAITING }

  /** One simulated child. */
  private static final class Sim {
    final int id;
    final String base;
    final byte[] baseBytes;
    final long pid; // the process it joins as
    String token; // the one-time token it joins with first, null for none
    String name;
    String session;
    SocketChannel channel;
    SelectionKey key;
    Phase phase = Phase.IDLE;
    ByteBuffer out;
    byte[] in = new byte[512];
    int inLength;
    boolean joining;
    boolean initialJoin;
    boolean full = true;
    int requestKeys;
    long sentAt;
    long backoffMillis = 100;
    long due; // the one-second slot of the last push, 0 before the first
    boolean retried; // the last push failed: the slots start again after the next success
    boolean started; // the first push happened: every key has a value
    int timerGeneration;
    int deadlineGeneration;
    int cursor;
    int seq; // updates sent since the last join: the next one carries seq + 1
    long changes; // values given so far: each change takes the next, so no value repeats
    final int[] setAtMillis = new int[KEYS]; // when each key last changed, ms since the start
    final long[] valueOf = new long[KEYS]; // each key's value: the change that set it

    Sim(int id, long pid, String token) {
      this.id = id;
      this.pid = pid;
      this.token = token;
      this.base = String.format("c%04d", id);
      this.baseBytes = ascii(base);
      this.cursor = (id * 7) % KEYS;
    }
  }

  private record Timer(long at, Sim sim, boolean deadline, int generation, boolean slot) {}

  final int n;
  private final InetSocketAddress root;
  private final byte[] hostHeader;
  private final Selector selector;
  private final Sim[] sims;
  private final PriorityQueue<Timer> timers =
      new PriorityQueue<>((x, y) -> Long.compare(x.at, y.at));
  private final ArrayDeque<Sim> joinQueue = new ArrayDeque<>();
  private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
  private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(64 * 1024);
  private final long start = System.nanoTime();
  private int joinsInFlight;
  private boolean inWindow;
  private boolean burst;
  private boolean stopped;
  private Counters counters = new Counters();

  /** Send time (nanoTime) of each child's last update answered 200, 0 before the first. */
  final AtomicLongArray lastOkSent;
  /** Time (nanoTime) each child's last update was answered 200, 0 before the first. */
  final AtomicLongArray lastOkDone;
  /** The name the root gave each child, null before it joined. */
  final AtomicReferenceArray<String> names;
  /** Each current name's child index. */
  final ConcurrentHashMap<String, Integer> byName = new ConcurrentHashMap<>();
  /** Children joined whose first full push was answered 200. */
  final AtomicInteger ready = new AtomicInteger();
  /** The loop thread, for its CPU time. */
  volatile Thread thread;

  /** N children joining without a token, all as the process {@code pid}. */
  Children(int n, int port, long pid) throws IOException {
    this(n, port, filled(n, pid), null);
  }

  /**
   * N children, the i-th joining as the process {@code pids[i]} with the one-time token {@code
   * tokens[i]} (its spawner's), or without a token when {@code tokens} is null.
   */
  Children(int n, int port, long[] pids, String[] tokens) throws IOException {
    this.n = n;
    this.root = new InetSocketAddress("127.0.0.1", port);
    this.hostHeader = ("Host: 127.0.0.1:" + port + "\r\n").getBytes(StandardCharsets.US_ASCII);
    this.selector = Selector.open();
    this.sims = new Sim[n];
    this.lastOkSent = new AtomicLongArray(n);
    this.lastOkDone = new AtomicLongArray(n);
    this.names = new AtomicReferenceArray<>(n);
    for (int i = 0; i < n; i++) {
      sims[i] = new Sim(i, pids[i], tokens == null ? null : tokens[i]);
      joinQueue.add(sims[i]);
    }
  }

  private static long[] filled(int n, long pid) {
    long[] pids = new long[n];
    java.util.Arrays.fill(pids, pid);
    return pids;
  }

  /** Runs {@code task} on the loop thread and returns its result. */
  <T> T onLoop(Callable<T> task) throws Exception {
    CompletableFuture<T> result = new CompletableFuture<>();
    tasks.add(
        () -> {
          try {
            result.complete(task.call());
          } catch (Exception | Error e) {
            result.completeExceptionally(e);
          }
        });
    selector.wakeup();
    return result.get(30, java.util.concurrent.TimeUnit.SECONDS);
  }

  /** The counters since the last call; {@code window} says whether lateness counts from now. */
  Counters take(boolean window) throws Exception {
    return onLoop(
        () -> {
          Counters c = counters;
          counters = new Counters();
          inWindow = window;
          return c;
        });
  }

  /**
   * The same, and from now on a burst ({@code on}) or the once-a-second pushes again. In a burst
   * every child pushes all its keys, each with a new value, as soon as its last push is answered;
   * children waiting for their slot push at once, children in a backoff after a failure finish it
   * first. After a burst each child goes back to its slot of the second.
   */
  Counters burst(boolean on, boolean window) throws Exception {
    return onLoop(
        () -> {
          Counters c = counters;
          counters = new Counters();
          inWindow = window;
          burst = on;
          if (on) {
            long now = System.nanoTime();
            for (Sim s : sims) {
              if (s.session != null && s.phase == Phase.IDLE && !s.retried) {
                s.timerGeneration++; // its slot's timer is void
                s.due = 0;
                push(s, now);
              }
            }
          }
          return c;
        });
  }

  /** Children in the middle of a request now. */
  int busy() throws Exception {
    return onLoop(
        () -> {
          int b = 0;
          for (Sim s : sims) {
            b += s.phase == Phase.IDLE ? 0 : 1;
          }
          return b;
        });
  }

  void stop() {
    try {
      onLoop(
          () -> {
            stopped = true;
            return null;
          });
    } catch (Exception e) {
      stopped = true;
    }
  }

  @Override
  public void run() {
    thread = Thread.currentThread();
    try {
      loop();
    } catch (IOException | RuntimeException e) {
      System.err.println("bench/scale: the children's loop failed: " + e);
      e.printStackTrace();
    } finally {
      for (Sim s : sims) {
        closeChannel(s);
      }
      try {
        selector.close();
      } catch (IOException ignored) {
        // closing
      }
    }
  }

  private void loop() throws IOException {
    while (!stopped) {
      for (Runnable task; (task = tasks.poll()) != null; ) {
        task.run();
      }
      while (joinsInFlight < JOIN_CONCURRENCY && !joinQueue.isEmpty()) {
        Sim s = joinQueue.poll();
        s.initialJoin = true;
        joinsInFlight++;
        join(s);
      }
      long now = System.nanoTime();
      for (Timer t; (t = timers.peek()) != null && t.at <= now; ) {
        timers.poll();
        fire(t, System.nanoTime()); // a burst of slots: each push's own lateness
      }
      Timer next = timers.peek();
      long waitMillis = next == null ? 100 : Math.max(1, (next.at - System.nanoTime()) / 1_000_000);
      if (selector.select(Math.min(waitMillis, 100)) > 0) {
        for (SelectionKey k : selector.selectedKeys()) {
          Sim s = (Sim) k.attachment();
          if (k.isValid()) {
            ready(s, k);
          }
        }
        selector.selectedKeys().clear();
      }
    }
  }

  private void fire(Timer t, long now) {
    Sim s = t.sim;
    if (t.deadline) {
      if (t.generation == s.deadlineGeneration && s.phase != Phase.IDLE) {
        counters.failTimeout++;
        fail(s, now);
      }
      return;
    }
    if (t.generation != s.timerGeneration) {
      return;
    }
    if (s.phase != Phase.IDLE) {
      return; // cannot happen: a timer is set only while the child is idle
    }
    if (s.session == null) {
      join(s);
    } else {
      if (t.slot && inWindow) {
        counters.lateness.add((now - t.at) / 1000);
      }
      push(s, now);
    }
  }

  /**
   * After a push was answered 200: a timer for the next slot (child i's slots are i/N s into each
   * second), or a push at once when that slot passed while the root took its time, as the link,
   * woken by the changes meanwhile, would do; the slots missed beyond are coalesced into it.
   */
  private void scheduleNext(Sim s, long now) {
    if (burst) {
      s.due = 0; // after the burst, the next slot of its own
      s.retried = false;
      push(s, now);
      return;
    }
    if (s.due == 0 || s.retried) {
      s.retried = false;
      long phase = (long) s.id * SECOND / n;
      s.due = now - Math.floorMod(now - start - phase, SECOND) + SECOND;
      timer(s, s.due, true);
      return;
    }
    s.due += SECOND;
    if (s.due > now) {
      timer(s, s.due, true);
      return;
    }
    counters.delayedByRoot++;
    while (s.due + SECOND <= now) {
      s.due += SECOND;
      counters.missedSlots++;
    }
    push(s, now);
  }

  private void timer(Sim s, long at, boolean slot) {
    timers.add(new Timer(at, s, false, ++s.timerGeneration, slot));
  }

  private void deadline(Sim s, long at) {
    timers.add(new Timer(at, s, true, ++s.deadlineGeneration, false));
  }

  // --- requests ---------------------------------------------------------------------------

  /**
   * Joins, or joins again: as TreeCodec.joinRequest writes it, null fields (token, url) left out.
   * A retried join sends the very same body (the link retries the same request). A join after a
   * 403 to an update has no token and names the child as the root last did, as the link's rejoin
   * does.
   */
  private void join(Sim s) {
    s.joining = true;
    String name = s.name != null ? s.name : s.base;
    String token = s.token == null ? "" : "\"token\":\"" + s.token + "\",";
    String body =
        "{" + token + "\"pid\":" + s.pid + ",\"name\":\"" + name + "\",\"main\":\"sim.Child\"}";
    send(s, "/hermes/join", null, ascii(body), System.nanoTime());
  }

  /**
   * An update as TreeCodec writes it: a full push as one part, {@code {"full":true,"part":0,
   * "sent":..,"seq":..,"set":{all keys},"removed":[],"withheld":0,"last":true}}; a delta {@code
   * {"full":false,"sent":..,"seq":..,"set":{3 changed keys},"removed":[]}}, in a burst all 100
   * keys changed. {@code sent} is the epoch milliseconds now, {@code seq} counts the updates sent
   * since the last join, retries and full pushes included.
   */
  private void push(Sim s, long now) {
    s.joining = false;
    int nowMillis = (int) ((now - start) / 1_000_000);
    if (!s.started) {
      java.util.Arrays.fill(s.setAtMillis, nowMillis);
      for (int k = 0; k < KEYS; k++) {
        s.valueOf[k] = ++s.changes;
      }
      s.started = true;
    }
    int count = s.full || burst ? KEYS : CHANGED;
    if (burst) {
      for (int k = 0; k < KEYS; k++) {
        change(s, k, nowMillis);
      }
    } else if (!s.full) {
      for (int i = 0; i < CHANGED; i++) {
        change(s, (s.cursor + i) % KEYS, nowMillis);
      }
    }
    ByteBuffer body = ByteBuffer.allocate(128 * count + 160);
    body.put(s.full ? FULL_HEAD : DELTA_HEAD);
    putDigits(body, System.currentTimeMillis());
    body.put(SEQ);
    putDigits(body, ++s.seq);
    body.put(SET);
    for (int i = 0; i < count; i++) {
      int k = s.full || burst ? i : (s.cursor + i) % KEYS;
      if (i > 0) {
        body.put((byte) ',');
      }
      body.put(KEY_FIELDS[k]);
      putValue(body, s, k);
      body.put(AGE);
      putSeconds(body, nowMillis - s.setAtMillis[k]); // as TreeCodec.update: seconds
      if (k % TTL_EVERY == 0) {
        body.put(TTL);
      }
      body.put((byte) '}');
    }
    body.put(s.full ? FULL_TAIL : DELTA_TAIL);
    if (!s.full && !burst) {
      s.cursor = (s.cursor + CHANGED) % KEYS;
    }
    s.requestKeys = count;
    byte[] bytes = java.util.Arrays.copyOf(body.array(), body.position());
    send(s, "/hermes/update", s.session, bytes, now);
  }

  private static void change(Sim s, int k, int nowMillis) {
    s.setAtMillis[k] = nowMillis;
    s.valueOf[k] = ++s.changes;
  }

  /** A 19-character value: {@code v} + the child + the key + the change that set it. */
  private static void putValue(ByteBuffer b, Sim s, int k) {
    b.put((byte) 'v');
    b.put(s.baseBytes, 1, 4);
    b.put((byte) '.');
    b.put((byte) ('0' + k / 10)).put((byte) ('0' + k % 10));
    b.put((byte) '.');
    long v = s.valueOf[k];
    for (long div = 1_000_000_000L; div > 0; div /= 10) {
      b.put((byte) ('0' + (v / div) % 10));
    }
  }

  private static void putDigits(ByteBuffer b, long v) {
    if (v >= 10) {
      putDigits(b, v / 10);
    }
    b.put((byte) ('0' + v % 10));
  }

  /** Milliseconds as seconds, as Double.toString writes them: 0.0, 1.2, 12.345. */
  private static void putSeconds(ByteBuffer b, long millis) {
    putDigits(b, millis / 1000);
    b.put((byte) '.');
    long frac = millis % 1000;
    if (frac == 0) {
      b.put((byte) '0');
      return;
    }
    int digits = 3;
    while (frac % 10 == 0) {
      frac /= 10;
      digits--;
    }
    for (long div = digits == 3 ? 100 : digits == 2 ? 10 : 1; div > 0; div /= 10) {
      b.put((byte) ('0' + (frac / div) % 10));
    }
  }

  private void send(Sim s, String path, String session, byte[] body, long now) {
    StringBuilder head = new StringBuilder(256);
    head.append("POST ").append(path).append(" HTTP/1.1\r\n");
    // What HttpURLConnection sends besides: the same headers, so the root parses the same.
    head.append("User-Agent: Java/17\r\n");
    head.append(new String(hostHeader, StandardCharsets.US_ASCII));
    head.append("Accept: text/html, image/gif, image/jpeg, *; q=.2, */*; q=.2\r\n");
    head.append("Connection: keep-alive\r\n");
    if (SECRET != null) {
      head.append("Hermes-Secret: ").append(SECRET).append("\r\n");
    }
    head.append("Content-type: application/json\r\n");
    if (session != null) {
      head.append("Hermes-Session: ").append(session).append("\r\n");
    }
    head.append("Content-Length: ").append(body.length).append("\r\n\r\n");
    byte[] h = head.toString().getBytes(StandardCharsets.US_ASCII);
    s.out = ByteBuffer.allocate(h.length + body.length).put(h).put(body).flip();
    s.inLength = 0;
    s.sentAt = now;
    deadline(s, now + TIMEOUT);
    try {
      if (s.channel == null || !s.channel.isOpen()) {
        connect(s);
      } else {
        s.phase = Phase.SENDING;
        write(s);
      }
    } catch (IOException | java.nio.channels.CancelledKeyException e) {
      countFailure(e);
      fail(s, System.nanoTime());
    }
  }

  private void connect(Sim s) throws IOException {
    counters.connects++;
    SocketChannel c = SocketChannel.open();
    s.channel = c;
    c.configureBlocking(false);
    c.setOption(StandardSocketOptions.TCP_NODELAY, true);
    if (c.connect(root)) {
      s.key = c.register(selector, 0, s);
      s.phase = Phase.SENDING;
      write(s);
    } else {
      s.phase = Phase.CONNECTING;
      s.key = c.register(selector, SelectionKey.OP_CONNECT, s);
    }
  }

  private void write(Sim s) throws IOException {
    s.channel.write(s.out);
    if (s.out.hasRemaining()) {
      s.key.interestOps(SelectionKey.OP_WRITE);
    } else {
      s.phase = Phase.AWAITING;
      s.key.interestOps(SelectionKey.OP_READ);
      deadline(s, System.nanoTime() + TIMEOUT); // the read timeout starts now
    }
  }

  private void ready(Sim s, SelectionKey k) {
    try {
      if (k.isConnectable()) {
        s.channel.finishConnect();
        s.phase = Phase.SENDING;
        write(s);
      } else if (k.isWritable()) {
        write(s);
      } else if (k.isReadable()) {
        read(s);
      }
    } catch (IOException | java.nio.channels.CancelledKeyException e) {
      countFailure(e);
      fail(s, System.nanoTime());
    }
  }

  private void read(Sim s) throws IOException {
    readBuffer.clear();
    int r;
    try {
      r = s.channel.read(readBuffer);
    } catch (IOException reset) {
      r = -1;
    }
    if (r == 0) {
      return;
    }
    if (s.phase == Phase.IDLE) {
      // The root closed an idle keep-alive connection (as HttpURLConnection finds out before
      // reusing one for a streaming POST): the next push opens a new one.
      if (r < 0) {
        counters.closedIdle++;
      }
      closeChannel(s);
      return;
    }
    if (r < 0) {
      counters.failClosed++;
      fail(s, System.nanoTime());
      return;
    }
    readBuffer.flip();
    if (s.inLength + r > s.in.length) {
      s.in = java.util.Arrays.copyOf(s.in, Math.max(s.in.length * 2, s.inLength + r));
    }
    readBuffer.get(s.in, s.inLength, r);
    s.inLength += r;
    Response response = Response.parse(s.in, s.inLength);
    if (response != null) {
      answered(s, response, System.nanoTime());
    }
  }

  /** A complete HTTP response: status, body, whether the server closes the connection. */
  record Response(int status, String body, boolean closing) {
    static Response parse(byte[] b, int length) {
      int end = -1;
      for (int i = 3; i < length; i++) {
        if (b[i] == '\n' && b[i - 1] == '\r' && b[i - 2] == '\n' && b[i - 3] == '\r') {
          end = i + 1;
          break;
        }
      }
      if (end < 0) {
        return null;
      }
      String head = new String(b, 0, end, StandardCharsets.ISO_8859_1).toLowerCase();
      int status = Integer.parseInt(head.substring(9, 12));
      int contentLength = 0;
      int at = head.indexOf("\r\ncontent-length:");
      if (at >= 0) {
        contentLength =
            Integer.parseInt(head.substring(at + 17, head.indexOf('\r', at + 17)).trim());
      }
      if (length < end + contentLength) {
        return null;
      }
      boolean closing = head.contains("\r\nconnection: close");
      return new Response(
          status, new String(b, end, contentLength, StandardCharsets.UTF_8), closing);
    }
  }

  private void answered(Sim s, Response r, long now) {
    s.deadlineGeneration++; // cancels the timeout
    s.phase = Phase.IDLE;
    s.out = null;
    if (r.closing) {
      closeChannel(s);
    } else {
      s.key.interestOps(SelectionKey.OP_READ); // to notice the root closing it
    }
    if (s.joining) {
      joined(s, r, now);
    } else if (r.status == 200) {
      pushed(s, now);
    } else if (r.status == 403) {
      counters.fail403++;
      counters.rejoins++;
      s.session = null;
      s.token = null; // spent: the link joins again without it
      s.full = true;
      join(s);
    } else {
      counters.failStatus++;
      if (r.status / 100 == 4) {
        s.backoffMillis = 5_000; // a batch refused (over a limit): offered again every 5 s
      }
      fail(s, now);
    }
  }

  private void joined(Sim s, Response r, long now) {
    if (s.initialJoin) {
      s.initialJoin = false;
      joinsInFlight--;
    }
    if (r.status == 403) {
      // Refused (a used token, say, after the answer to its first use was lost): the link stops
      // there, and its status stays local. The root may still show the record of the first use.
      counters.joinsRefused++;
      return;
    }
    String name = field(r.body, "name");
    String session = field(r.body, "session");
    if (r.status != 200 || name == null || session == null) {
      counters.failStatus++;
      fail(s, now);
      return;
    }
    counters.joinsOk++;
    if (s.name != null) {
      byName.remove(s.name, s.id);
    }
    s.name = name;
    s.session = session;
    s.seq = 0;
    names.set(s.id, name);
    byName.put(name, s.id);
    s.full = true;
    s.backoffMillis = 100;
    push(s, now); // the link's first push, at once: everything
  }

  private void pushed(Sim s, long now) {
    counters.pushesOk++;
    counters.keysAccepted += s.requestKeys;
    if (inWindow) {
      counters.roundTrip.add((now - s.sentAt) / 1000);
    }
    if (s.full) {
      counters.fullOk++;
      if (lastOkDone.get(s.id) == 0) {
        ready.incrementAndGet();
      }
    }
    lastOkSent.set(s.id, s.sentAt);
    lastOkDone.set(s.id, now);
    s.full = false;
    s.backoffMillis = 100;
    scheduleNext(s, now);
  }

  /** The request failed: as the link does, the next push is a full one, after a backoff. */
  private void fail(Sim s, long now) {
    s.deadlineGeneration++;
    closeChannel(s);
    s.phase = Phase.IDLE;
    s.out = null;
    s.full = true;
    s.retried = true;
    if (s.joining && s.initialJoin) {
      s.initialJoin = false;
      joinsInFlight--;
    }
    if (s.joining) {
      counters.joinFailures++;
    }
    timer(s, now + s.backoffMillis * 1_000_000L, false);
    s.backoffMillis = Math.min(5_000, s.backoffMillis * 2);
  }

  private void countFailure(Exception e) {
    if (e instanceof ConnectException) {
      counters.failRefused++;
    } else {
      counters.failClosed++; // reset, broken pipe, closed
    }
  }

  private void closeChannel(Sim s) {
    if (s.channel != null) {
      try {
        s.channel.close(); // cancels its key
      } catch (IOException ignored) {
        // closing
      }
      s.channel = null;
      s.key = null;
    }
  }

  private static String field(String json, String name) {
    String marker = "\"" + name + "\":\"";
    int at = json.indexOf(marker);
    if (at < 0) {
      return null;
    }
    int from = at + marker.length();
    int to = json.indexOf('"', from);
    return to < 0 ? null : json.substring(from, to);
  }

  /** Milliseconds since the children started. */
  long elapsedMillis(long nanoTime) {
    return (nanoTime - start) / 1_000_000;
  }
}
