package dev.hermes.api;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs probes and reports their results as {@code probe.<name>.*} keys: one daemon thread, {@code
 * hermes-probe}, keeps the schedule and only hands runs out; each run takes a {@code
 * hermes-probe-N} daemon thread, made when needed and gone after 30 s idle; with no probe left, the
 * ticker goes too after 30 s (and comes back with the next probe). A probe never runs twice at
 * once, so there are never more run threads than probes, and a check that hangs holds its own
 * thread only: every other probe keeps its schedule. Created on the first {@link Hermes#probe}
 * call, so a JVM without probes has none of this. Written without lambdas (the api's rule).
 */
final class Prober {
  /** Every probe's keys start with this. */
  static final String PREFIX = "probe.";

  /** A probe's keys live this many intervals, so a stuck prober shows as missing, not stale. */
  static final int TTL_INTERVALS = 3;

  /** The shortest interval, in milliseconds. */
  static final long MIN_INTERVAL_MILLIS = 100;

  private static final long PHASE_MAX_NANOS = 1_000_000_000L;

  // How long an idle thread waits for work before it ends: the ticker too, once no probe is left,
  // so a webapp that closes its probes when it stops leaves no thread holding its class loader.
  private static final long IDLE_NANOS = 30_000_000_000L;

  private static final String[] FIELDS = {"status", "message", "value", "latency_ms", "since"};

  private final StatusStore store;
  private final ScheduledThreadPoolExecutor ticker;
  private final ThreadPoolExecutor runs;
  private final ConcurrentHashMap<String, Scheduled> probes = new ConcurrentHashMap<>();

  Prober(StatusStore store) {
    this(store, IDLE_NANOS);
  }

  Prober(StatusStore store, long idleNanos) {
    this.store = store;
    this.ticker = new ScheduledThreadPoolExecutor(1, new Named("hermes-probe", false));
    ticker.setRemoveOnCancelPolicy(true);
    ticker.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    ticker.setKeepAliveTime(idleNanos, TimeUnit.NANOSECONDS);
    ticker.allowCoreThreadTimeOut(true);
    this.runs =
        new ThreadPoolExecutor(
            0,
            Integer.MAX_VALUE,
            idleNanos,
            TimeUnit.NANOSECONDS,
            new SynchronousQueue<Runnable>(),
            new Named("hermes-probe", true));
  }

  /** The process's prober, made on first use. */
  static Prober global() {
    return Holder.GLOBAL;
  }

  /** Starts probing {@code name} every {@code interval}; a probe of that name is replaced. */
  Subscription add(String name, Duration interval, ProbeCheck check) {
    Keys.requireValid(PREFIX + name + ".latency_ms");
    if (interval == null || interval.toMillis() < MIN_INTERVAL_MILLIS) {
      throw new IllegalArgumentException(
          "Invalid interval for probe ["
              + name
              + "]: "
              + interval
              + "; use "
              + MIN_INTERVAL_MILLIS
              + " ms or more, e.g. Duration.ofSeconds(10)");
    }
    if (check == null) {
      throw new IllegalArgumentException("Invalid probe [" + name + "]: a check is required");
    }
    Scheduled probe = new Scheduled(name, interval.toNanos(), check);
    Scheduled old = probes.put(name, probe);
    if (old != null) {
      old.stop(false);
    }
    // A random phase within the first interval (a second at most): probes added together do not
    // all run in the same instant, so a few run threads serve many probes.
    long phase =
        ThreadLocalRandom.current().nextLong(Math.min(probe.intervalNanos, PHASE_MAX_NANOS));
    probe.future =
        ticker.scheduleAtFixedRate(probe, phase, probe.intervalNanos, TimeUnit.NANOSECONDS);
    return probe;
  }

  /** How many threads are alive, the ticker's and the runs'. */
  int threads() {
    return ticker.getPoolSize() + runs.getPoolSize();
  }

  /** How many probes are scheduled. */
  int size() {
    return probes.size();
  }

  /** Stops every probe and the threads; for tests. */
  void shutdown() {
    for (Scheduled probe : probes.values()) {
      probe.close();
    }
    ticker.shutdownNow();
    runs.shutdownNow();
  }

  /**
   * {@code t.toString()}, {@code 2026-12-02T13:25:53.123456Z}, written here for the years 0 to
   * 9999: {@code Instant.toString} builds the JDK's date-time formatters, some 40 classes and ~1
   * MiB of a JVM's memory, for a probe's first {@code since}.
   */
  static String iso(Instant t) {
    LocalDateTime d = LocalDateTime.ofEpochSecond(t.getEpochSecond(), 0, ZoneOffset.UTC);
    if (d.getYear() < 0 || d.getYear() > 9999) {
      return t.toString();
    }
    StringBuilder out = new StringBuilder(30);
    pad(out, d.getYear(), 4).append('-');
    pad(out, d.getMonthValue(), 2).append('-');
    pad(out, d.getDayOfMonth(), 2).append('T');
    pad(out, d.getHour(), 2).append(':');
    pad(out, d.getMinute(), 2).append(':');
    pad(out, d.getSecond(), 2);
    int nano = t.getNano();
    if (nano != 0) {
      // As Instant.toString: in groups of three digits, as many as it takes.
      out.append('.');
      if (nano % 1_000_000 == 0) {
        pad(out, nano / 1_000_000, 3);
      } else if (nano % 1000 == 0) {
        pad(out, nano / 1000, 6);
      } else {
        pad(out, nano, 9);
      }
    }
    return out.append('Z').toString();
  }

  private static StringBuilder pad(StringBuilder out, int value, int width) {
    String digits = Integer.toString(value);
    for (int i = digits.length(); i < width; i++) {
      out.append('0');
    }
    return out.append(digits);
  }

  private static String describe(Throwable t) {
    String message = t.getMessage();
    return message == null ? t.getClass().getName() : t.getClass().getSimpleName() + ": " + message;
  }

  private static String clip(String value) {
    return value.length() <= StatusStore.MAX_VALUE_LENGTH
        ? value
        : value.substring(0, StatusStore.MAX_VALUE_LENGTH);
  }

  /** One probe: the tick (on the ticker) and the run (on a run thread). */
  private final class Scheduled implements Runnable, Subscription {
    final String name;
    final long intervalNanos;
    final ProbeCheck check;
    volatile ScheduledFuture<?> future;
    private boolean running;
    private boolean closed;
    private long startedAt;
    private ProbeResult.Level level;
    private String since;

    Scheduled(String name, long intervalNanos, ProbeCheck check) {
      this.name = name;
      this.intervalNanos = intervalNanos;
      this.check = check;
    }

    /** The tick: starts a run, or says the one still going is late. */
    @Override
    public void run() {
      long now = System.nanoTime();
      synchronized (this) {
        if (closed) {
          return;
        }
        if (running) {
          long late = now - startedAt;
          if (late >= intervalNanos) {
            report(
                ProbeResult.critical("no result after " + (late / 1_000_000) + " ms"), late, false);
          }
          return;
        }
        running = true;
        startedAt = now;
      }
      try {
        runs.execute(new Run(this));
      } catch (RejectedExecutionException shutDown) {
        synchronized (this) {
          running = false;
        }
      }
    }

    void runOnce() {
      long start = System.nanoTime();
      ProbeResult result;
      try {
        result = check.check();
        if (result == null) {
          result = ProbeResult.unknown("the check returned no result");
        }
      } catch (Throwable t) {
        result = ProbeResult.critical(describe(t));
      }
      long latency = System.nanoTime() - start;
      synchronized (this) {
        running = false;
        if (!closed) {
          report(result, latency, true);
        }
      }
    }

    // Holding this probe's lock: keys first, the status last, so a reader that sees a new status
    // finds its message beside it.
    private void report(ProbeResult result, long latencyNanos, boolean withValue) {
      String base = PREFIX + name + ".";
      long ttl =
          intervalNanos > Long.MAX_VALUE / TTL_INTERVALS
              ? Long.MAX_VALUE
              : intervalNanos * TTL_INTERVALS;
      if (result.level() != level || since == null) {
        level = result.level();
        since = iso(Instant.now());
      }
      try {
        if (result.message().isEmpty()) {
          store.remove(base + "message");
        } else {
          store.report(base + "message", clip(result.message()), ttl);
        }
        if (withValue) {
          if (result.value() == null) {
            store.remove(base + "value");
          } else {
            store.report(base + "value", clip(result.value()), ttl);
          }
        }
        store.report(base + "latency_ms", Long.toString(latencyNanos / 1_000_000), ttl);
        store.report(base + "since", since, ttl);
        store.report(base + "status", result.level().text(), ttl);
      } catch (IllegalArgumentException full) {
        // The process holds its maximum of keys: the probe shows as missing, which is the truth.
      }
    }

    @Override
    public void close() {
      stop(true);
    }

    void stop(boolean unregister) {
      synchronized (this) {
        if (closed) {
          return;
        }
        closed = true;
      }
      ScheduledFuture<?> f = future;
      if (f != null) {
        f.cancel(false);
      }
      if (unregister) {
        probes.remove(name, this);
      }
      if (probes.get(name) == null) {
        for (String field : FIELDS) {
          store.remove(PREFIX + name + "." + field);
        }
      }
    }
  }

  private static final class Run implements Runnable {
    private final Scheduled probe;

    Run(Scheduled probe) {
      this.probe = probe;
    }

    @Override
    public void run() {
      probe.runOnce();
    }
  }

  private static final class Named implements ThreadFactory {
    private final String name;
    private final boolean numbered;
    private final AtomicInteger count = new AtomicInteger();

    Named(String name, boolean numbered) {
      this.name = name;
      this.numbered = numbered;
    }

    @Override
    public Thread newThread(Runnable r) {
      Thread t = new Thread(r, numbered ? name + "-" + count.incrementAndGet() : name);
      t.setDaemon(true);
      return t;
    }
  }

  private static final class Holder {
    static final Prober GLOBAL = new Prober(StatusStore.global());
  }
}
