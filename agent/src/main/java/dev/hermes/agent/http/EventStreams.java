package dev.hermes.agent.http;

import com.sun.net.httpserver.HttpExchange;
import dev.hermes.agent.support.Daemons;
import dev.hermes.agent.support.Log;
import dev.hermes.api.Status;
import dev.hermes.api.StatusChange;
import dev.hermes.api.StatusStore;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The open {@code /events} streams: at most {@link Limits#maxStreams} at once, and one daemon
 * thread ({@code hermes-events-watch}, only while streams are open) that drops a consumer whose
 * write has been blocked too long and reads keys whose ttl ran out, so that {@code expired} is sent
 * within half a second rather than at the store's next sweep.
 */
final class EventStreams {
  private static final long TICK_MILLIS = 500;

  private final StatusStore store;
  private final Limits limits;
  private final Set<EventSubscriber> open = ConcurrentHashMap.newKeySet();
  private final AtomicInteger count = new AtomicInteger();
  // Daemons: an open stream never keeps the host's JVM alive.
  private final ThreadFactory writers = Daemons.factory("hermes-events", true);
  private final ThreadFactory readers = Daemons.factory("hermes-events-reader", true);
  private final Map<String, Status> expiring = new ConcurrentHashMap<>();
  private ScheduledExecutorService watcher; // guarded by this

  EventStreams(StatusStore store, Limits limits) {
    this.store = store;
    this.limits = limits;
  }

  /** A subscriber listening under {@code prefix}, or null when every slot is taken. */
  EventSubscriber open(HttpExchange exchange, String prefix) {
    if (count.incrementAndGet() > limits.maxStreams) {
      count.decrementAndGet();
      return null;
    }
    EventSubscriber subscriber = new EventSubscriber(exchange, this, limits);
    open.add(subscriber);
    startWatcher();
    subscriber.subscribe(store, prefix);
    return subscriber;
  }

  /**
   * Starts writing to a subscriber whose response headers are sent, on {@code hermes-events-N}, and
   * watching its connection on {@code hermes-events-reader-N}.
   */
  void start(EventSubscriber subscriber) {
    subscriber.start(writers, readers);
  }

  /** Frees the slot of a subscriber that has ended. */
  void closed(EventSubscriber subscriber) {
    if (open.remove(subscriber)) {
      count.decrementAndGet();
    }
  }

  /** How many streams are open. */
  int size() {
    return count.get();
  }

  /** How many streams may be open at once. */
  int max() {
    return limits.maxStreams;
  }

  /** Notes a key's ttl, or forgets it, as changes pass through a subscriber. */
  void watch(StatusChange change) {
    Status status = change.status().orElse(null);
    if (change.kind() == StatusChange.Kind.SET && status != null && status.ttlNanos() != 0) {
      expiring.put(change.key(), status);
    } else {
      expiring.remove(change.key());
    }
  }

  /** Notes the keys with a ttl that a new subscriber starts with. */
  void watchAll(Map<String, Status> snapshot) {
    for (Map.Entry<String, Status> e : snapshot.entrySet()) {
      if (e.getValue().ttlNanos() != 0) {
        expiring.put(e.getKey(), e.getValue());
      }
    }
  }

  /** Drops stalled consumers and surfaces expired keys; package-private for tests. */
  void tick() {
    long now = store.now();
    for (EventSubscriber subscriber : open) {
      long since = subscriber.writingSince();
      if (since != 0 && now - since > limits.stallNanos) {
        subscriber.end("a write was blocked for " + limits.stallNanos / 1_000_000_000L + " s");
      }
    }
    for (Map.Entry<String, Status> e : expiring.entrySet()) {
      if (e.getValue().isExpiredAt(now)) {
        // Reading an expired key removes it and notifies the listeners with EXPIRED.
        Status current = store.get(e.getKey()).orElse(null);
        if (current == null || current.ttlNanos() == 0) {
          expiring.remove(e.getKey(), e.getValue());
        } else {
          expiring.replace(e.getKey(), e.getValue(), current);
        }
      }
    }
  }

  private synchronized void startWatcher() {
    if (watcher != null) {
      return;
    }
    watcher =
        Executors.newSingleThreadScheduledExecutor(Daemons.factory("hermes-events-watch", false));
    watcher.scheduleWithFixedDelay(this::safeTick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
  }

  private void safeTick() {
    try {
      tick();
    } catch (RuntimeException e) {
      Log.error("the event stream watcher failed once and carries on", e);
    }
    synchronized (this) {
      // No thread is left behind once the last stream has closed; the next one starts it again.
      if (count.get() == 0 && watcher != null) {
        watcher.shutdown();
        watcher = null;
        expiring.clear();
      }
    }
  }

  /** The bounds of the event streams. */
  static final class Limits {
    final int maxStreams;
    final int maxQueuedEvents;
    final long maxQueuedChars;
    final long heartbeatNanos;
    final long stallNanos;

    Limits(
        int maxStreams,
        int maxQueuedEvents,
        long maxQueuedChars,
        long heartbeatNanos,
        long stallNanos) {
      this.maxStreams = maxStreams;
      this.maxQueuedEvents = maxQueuedEvents;
      this.maxQueuedChars = maxQueuedChars;
      this.heartbeatNanos = heartbeatNanos;
      this.stallNanos = stallNanos;
    }

    /** 16 streams, 256 events or 256 Ki characters queued each, a ping every 15 s, 30 s stall. */
    static Limits defaults() {
      return new Limits(16, 256, 256 * 1024, 15_000_000_000L, 30_000_000_000L);
    }
  }
}
