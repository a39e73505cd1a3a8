package dev.hermes.agent.pull;

import dev.hermes.agent.client.EndpointClient;
import dev.hermes.agent.client.RefusedException;
import dev.hermes.agent.client.UnexpectedStatusException;
import dev.hermes.agent.config.AgentConfig;
import dev.hermes.agent.config.ConfigException;
import dev.hermes.agent.config.Contract;
import dev.hermes.agent.config.PulledChild;
import dev.hermes.agent.support.Daemons;
import dev.hermes.agent.support.Log;
import dev.hermes.agent.support.WatchedFile;
import dev.hermes.agent.tree.ChildRegistry;
import dev.hermes.agent.tree.JoinAnswer;
import dev.hermes.agent.tree.TreeException;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;

/**
 * Pulls the children of {@code children=} and {@code childrenFile=}: each is asked {@code GET url}
 * ({@code Accept: application/json}, the secret in its header when one is set) every {@code
 * pullInterval}, on the {@code hermes-pull-N} daemons (at most {@value #THREADS}), never on a
 * scrape's thread. An answer in the seed's JSON shape is applied to the child's record in the
 * {@link ChildRegistry} as a full push, so the endpoint serves it from memory like a pushed child's
 * keys; a failure makes the child {@code not_answering} with its {@code hermes.child.error}.
 *
 * <p>Each pull is bounded: {@link #timeoutMillis} to connect, for each read and for the whole
 * answer; the children's memory budget in bytes, at most {@value #MAX_ANSWER_BYTES}, beyond which
 * it is cut off and reported. The children file is looked at once an interval and re-read when it
 * changed: a child added starts being pulled, one removed is forgotten with its keys. Only the
 * operator's configuration adds a child.
 *
 * <p>{@code Puller.start(config, registry);} (only when {@link AgentConfig#pulls()}).
 */
public final class Puller {
  /**
   * The most bytes of one answer read, where the children's memory budget ({@code childMemory=}) is
   * larger: beyond, it is cut off and the child shows why.
   */
  static final long MAX_ANSWER_BYTES = 16L << 20;

  /** The longest a pull may take, when the interval is longer. */
  static final long MAX_TIMEOUT_MILLIS = 5000;

  /** Threads pulling at most: a hung child holds one for a timeout at most. */
  static final int THREADS = 4;

  /** How long a pulling thread with nothing to do waits for a pull before it ends. */
  static final long IDLE_SECONDS = 30;

  private static final String ACCEPT = "application/json";

  private final ChildRegistry registry;
  private final String secret;
  private final long intervalNanos;
  private final int timeoutMillis;
  private final long maxAnswerBytes;
  private final String timeoutText;
  // Keeps the schedule: only hands the pulls out to runs, so a slow pull never delays another's.
  private final ScheduledThreadPoolExecutor ticker;
  private final Runs runs;
  // By the configured name; guarded by this.
  private final Map<String, Target> targets = new LinkedHashMap<>();
  private final Set<String> fixed = new HashSet<>();

  Puller(ChildRegistry registry, String secret, long intervalNanos, long childMemory) {
    this(registry, secret, intervalNanos, childMemory, TimeUnit.SECONDS.toNanos(IDLE_SECONDS));
  }

  Puller(
      ChildRegistry registry, String secret, long intervalNanos, long childMemory, long idleNanos) {
    this.registry = registry;
    this.maxAnswerBytes = Math.min(MAX_ANSWER_BYTES, childMemory);
    this.secret = secret;
    this.intervalNanos = intervalNanos;
    this.timeoutMillis = (int) Math.min(MAX_TIMEOUT_MILLIS, intervalNanos / 1_000_000);
    this.timeoutText = "timeout after " + seconds(timeoutMillis) + " s";
    this.ticker = new ScheduledThreadPoolExecutor(1, Daemons.factory("hermes-pull", false));
    ticker.setRemoveOnCancelPolicy(true);
    this.runs = new Runs(Daemons.factory("hermes-pull", true), idleNanos);
  }

  /** Starts pulling what {@code config} names; returns the puller. */
  public static Puller start(AgentConfig config, ChildRegistry registry) {
    Puller puller =
        new Puller(
            registry, config.secret(), config.pullInterval().toNanos(), config.childMemory());
    synchronized (puller) {
      for (PulledChild child : config.children()) {
        puller.fixed.add(child.name());
      }
      puller.apply(config.children(), true);
    }
    if (config.childrenFile() != null) {
      puller.runs.submit(new FileWatch(puller, config.childrenFile()));
    }
    return puller;
  }

  /** Stops pulling (for tests: an agent's puller lives as long as its JVM). */
  void stop() {
    ticker.shutdownNow();
    runs.shutdown();
  }

  /** How many pulling threads are alive, the ticker's aside; for tests. */
  int threads() {
    return runs.threads();
  }

  /**
   * Hands {@code task} to a pulling thread {@code delayNanos} from now; null once stopped. The
   * ticker only submits it, so the ticker never waits on a child.
   */
  private ScheduledFuture<?> later(Runnable task, long delayNanos) {
    try {
      return ticker.schedule(new HandOff(runs, task), delayNanos, TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException stopped) {
      return null;
    }
  }

  /** Pulls {@code wanted} from now, stops those of the same origin no longer wanted. */
  private synchronized void apply(List<PulledChild> wanted, boolean inline) {
    Map<String, PulledChild> byName = new LinkedHashMap<>();
    for (PulledChild child : wanted) {
      if (!inline && fixed.contains(child.name())) {
        Log.warn(
            Contract.CHILDREN_FILE
                + ": child ["
                + child.name()
                + "] is in "
                + Contract.CHILDREN
                + "= already; the file's entry is skipped");
        continue;
      }
      byName.put(child.name(), child);
    }
    for (Target t : new ArrayList<>(targets.values())) {
      PulledChild now = byName.get(t.spec.name());
      if (t.inline == inline && (now == null || !now.entry().equals(t.spec.entry()))) {
        t.stop();
        targets.remove(t.spec.name());
      }
    }
    for (PulledChild child : byName.values()) {
      if (!targets.containsKey(child.name())) {
        Target t = new Target(child, inline);
        targets.put(child.name(), t);
        long phase = ThreadLocalRandom.current().nextLong(Math.min(intervalNanos, 1_000_000_000L));
        t.future = later(t, phase);
      }
    }
  }

  /** One pulled child: its record's session at the registry and its client. */
  private final class Target implements Runnable {
    final PulledChild spec;
    final boolean inline;
    final String name;
    final String session;
    final EndpointClient client;
    volatile ScheduledFuture<?> future;
    volatile boolean stopped;
    String lastError;
    boolean saidExample;

    Target(PulledChild spec, boolean inline) {
      this.spec = spec;
      this.inline = inline;
      JoinAnswer record = registry.pull(spec.name());
      this.name = record.name();
      this.session = record.session();
      this.client = new EndpointClient(secret, spec.trust(), !spec.pinned());
    }

    void stop() {
      stopped = true;
      if (future != null) {
        future.cancel(false);
      }
      registry.unpull(session);
    }

    /** One pull, on a pulling thread; the next is due an interval after it ends. */
    @Override
    public void run() {
      if (stopped) {
        return;
      }
      try {
        pull();
      } catch (RuntimeException | Error e) {
        Log.error("pulling child " + name + " failed once and carries on", e);
      } finally {
        if (!stopped) {
          future = later(this, intervalNanos);
        }
      }
    }

    private void pull() {
      long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
      SeedAnswer answer;
      try (InputStream in =
          new Bounded(
              client.stream(spec.url(), ACCEPT, timeoutMillis, timeoutMillis),
              maxAnswerBytes,
              deadline,
              timeoutText)) {
        answer = SeedAnswer.read(in, name, ChildRegistry.MAX_KEYS_PER_CHILD);
      } catch (IOException e) {
        failed(describe(e));
        return;
      }
      if (stopped) {
        return;
      }
      try {
        registry.pulled(session, answer.keys, answer.renamed, answer.skipped);
      } catch (TreeException e) {
        // Shown in the child's error by the registry, as for a pushed child's batch.
        return;
      }
      if (answer.example != null && !saidExample) {
        saidExample = true;
        Log.warn(
            "pulled child "
                + name
                + ": "
                + answer.example
                + " ("
                + answer.renamed
                + " renamed, "
                + answer.skipped
                + " skipped; the rule is in docs/protocol.md)");
      }
      if (lastError != null) {
        lastError = null;
        Log.warn("pulled child " + name + " (" + spec.url() + ") answers again");
      }
    }

    private void failed(String why) {
      if (stopped) {
        return;
      }
      registry.pullFailed(session, why);
      if (!why.equals(lastError)) {
        lastError = why;
        Log.warn("pulled child " + name + " (" + spec.url() + "): " + why);
      }
    }

    private String describe(IOException e) {
      if (e instanceof TooLarge || e instanceof SeedAnswer.NotSeedJson) {
        return e.getMessage();
      }
      if (e instanceof RefusedException) {
        return "HTTP 403";
      }
      if (e instanceof UnexpectedStatusException) {
        return "HTTP " + ((UnexpectedStatusException) e).status();
      }
      if (e instanceof SocketTimeoutException) {
        return timeoutText;
      }
      if (e instanceof NoRouteToHostException) {
        return "no route to host";
      }
      if (e instanceof ConnectException) {
        String m = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
        return m.contains("refused") ? "connection refused" : "cannot connect: " + e.getMessage();
      }
      if (e instanceof UnknownHostException) {
        return "unknown host " + spec.url().getHost();
      }
      if (e instanceof SSLException
          || String.valueOf(e.getMessage()).startsWith("HTTPS hostname wrong")) {
        // The second: HttpsURLConnection's own check of the host against a CA's certificate.
        return "TLS: " + cut(e.getMessage());
      }
      return cut(Log.describe(e));
    }
  }

  /** The ticker's part: hands a task to a pulling thread. */
  private static final class HandOff implements Runnable {
    private final Runs runs;
    private final Runnable task;

    HandOff(Runs runs, Runnable task) {
      this.runs = runs;
      this.task = task;
    }

    @Override
    public void run() {
      runs.submit(task);
    }
  }

  /**
   * The pulling threads: a task submitted takes a thread waiting for work, or a new one when none
   * waits and fewer than {@value #THREADS} are alive; else it waits, in order, for the first to
   * free. A thread ends after {@code idleNanos} with nothing to do.
   */
  static final class Runs implements Runnable {
    private final ThreadFactory factory;
    private final long idleNanos;
    // Guarded by this.
    private final ArrayDeque<Runnable> due = new ArrayDeque<>();
    private int threads;
    private int waiting;
    private boolean shut;

    Runs(ThreadFactory factory, long idleNanos) {
      this.factory = factory;
      this.idleNanos = idleNanos;
    }

    synchronized void submit(Runnable task) {
      if (shut) {
        return;
      }
      due.add(task);
      if (due.size() <= waiting || threads >= THREADS) {
        notify();
        return;
      }
      threads++;
      try {
        factory.newThread(this).start();
      } catch (RuntimeException | Error e) {
        // No thread to be had (the process is at its limit): the task waits for a running one, or
        // for the next submit to try again.
        threads--;
        Log.error("starting a pulling thread failed; the pull waits", e);
      }
    }

    @Override
    public void run() {
      while (true) {
        Runnable task = next();
        if (task == null) {
          return;
        }
        task.run();
      }
    }

    /** The next task, or null when this thread is to end (idle too long, or shut). */
    private synchronized Runnable next() {
      long deadline = System.nanoTime() + idleNanos;
      while (due.isEmpty() && !shut) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          break;
        }
        waiting++;
        try {
          TimeUnit.NANOSECONDS.timedWait(this, left);
        } catch (InterruptedException e) {
          break; // takes a task if one is due, else ends (the next submit makes another)
        } finally {
          waiting--;
        }
      }
      if (due.isEmpty() || shut) {
        threads--;
        return null;
      }
      return due.poll();
    }

    synchronized int threads() {
      return threads;
    }

    /** How many threads wait for a task; for tests. */
    synchronized int waiting() {
      return waiting;
    }

    synchronized void shutdown() {
      shut = true;
      due.clear();
      notifyAll();
    }
  }

  /** The children file, looked at once an interval. */
  private static final class FileWatch implements Runnable {
    private final Puller puller;
    private final Path file;
    private final WatchedFile watched;

    FileWatch(Puller puller, Path file) {
      this.puller = puller;
      this.file = file;
      this.watched = new WatchedFile(file, Contract.CHILDREN_FILE);
    }

    @Override
    public void run() {
      try {
        String text = watched.changed();
        if (text != null) {
          puller.apply(parse(text, file), false);
        }
      } catch (RuntimeException | Error e) {
        Log.error("reading " + Contract.CHILDREN_FILE + " failed once and carries on", e);
      } finally {
        puller.later(this, puller.intervalNanos);
      }
    }
  }

  /**
   * The children a file names, one {@code name=url [ca=FILE|cert=FILE]} a line; blank lines and
   * those starting with {@code #} skipped; a line in error skipped with a line on stderr naming its
   * number, as is a second line of the same name.
   */
  static List<PulledChild> parse(String text, Path file) {
    List<PulledChild> children = new ArrayList<>();
    Set<String> names = new HashSet<>();
    String[] lines = text.split("\r?\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].trim();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      try {
        PulledChild child = PulledChild.parse(line, file);
        if (!names.add(child.name())) {
          throw new ConfigException("child [" + child.name() + "] is named twice");
        }
        children.add(child);
      } catch (ConfigException e) {
        Log.warn(
            Contract.CHILDREN_FILE
                + " ["
                + file
                + "] line "
                + (i + 1)
                + " skipped: "
                + e.getMessage());
      }
    }
    return children;
  }

  /** {@code bytes} as a few characters: {@code 16 MiB}. */
  static String size(long bytes) {
    return bytes % (1L << 20) == 0 ? (bytes >> 20) + " MiB" : bytes + " bytes";
  }

  private static String seconds(long millis) {
    return millis % 1000 == 0 ? Long.toString(millis / 1000) : Double.toString(millis / 1000.0);
  }

  private static String cut(String s) {
    String line = String.valueOf(s);
    return line.length() <= 120 ? line : line.substring(0, 120) + "...";
  }
}
