package dev.hermes.api;

import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.LongSupplier;

/**
 * The process-wide map of keys behind {@link Hermes}; the agent also writes child paths here.
 *
 * <p>{@code StatusStore.global().snapshot("worker1/")}
 *
 * <p>Expired keys read as absent at once; their memory is reclaimed by a sweep that runs at most
 * once a second, on whichever thread next reports, and visits at most {@value #SWEEP_SLICE} keys,
 * going on where the last one stopped: a tree of 300,000 keys is swept whole in 19 s, and no report
 * waits for more than a slice.
 *
 * <p>Keys are kept sorted: a prefix read ({@code snapshot("worker1/")}) costs the log of all keys
 * plus the size of its answer, however large the rest of the tree.
 *
 * <p>When the Hermes agent runs, every copy of the api in the JVM reports into the agent's store: a
 * copy in another class loader (a webapp's {@code WEB-INF/lib}) finds the agent's store when this
 * class initialises (a system property says it is there), and its {@link #global()} store then
 * reads and writes the agent's keys. Without the agent each copy keeps a store of its own.
 */
public final class StatusStore {
  private static final StatusStore GLOBAL = create();
  private static final long SWEEP_INTERVAL_NANOS = 1_000_000_000L;
  private static final int SWEEP_SLICE = 16_384;

  /** The longest value accepted, in characters. */
  public static final int MAX_VALUE_LENGTH = 8192;

  /** How many keys of its own (without '/') a process may have at once. */
  public static final int MAX_OWN_KEYS = 10_000;

  private final ConcurrentSkipListMap<String, Status> entries = new ConcurrentSkipListMap<>();
  private final CopyOnWriteArrayList<Listening> listeners = new CopyOnWriteArrayList<>();
  private final LongSupplier clock;
  private final AtomicLong nextSweep;
  private final AtomicInteger ownKeys = new AtomicInteger();
  // The last key the previous sweep visited, null to start from the first; only the thread that
  // won nextSweep's compareAndSet sweeps, once a second.
  private volatile String sweptTo;
  // The agent's store when this is another copy of the api than the agent's; null for a store
  // of its own. Its class loads only then.
  private final StoreBridge bridge;

  StatusStore(LongSupplier clock) {
    this(clock, null);
  }

  private StatusStore(LongSupplier clock, StoreBridge bridge) {
    this.clock = clock;
    this.nextSweep = new AtomicLong(clock.getAsLong() + SWEEP_INTERVAL_NANOS);
    this.bridge = bridge;
  }

  /** The agent's store, if the agent published it before this copy of the api loaded. */
  private static StatusStore create() {
    StoreBridge bridge = null;
    try {
      if (System.getProperty(StoreBridge.PROPERTY) != null) {
        bridge = StoreBridge.find();
      }
    } catch (SecurityException denied) {
      // a policy that hides the property: a store of this copy's own
    }
    return bridge == null
        ? new StatusStore(new SystemClock())
        : new StatusStore(new SystemClock(), bridge);
  }

  /**
   * The one store of this JVM, e.g. {@code StatusStore.global()}: the agent's when it runs,
   * whichever class loader this copy of the api is in; without the agent, this copy's own.
   */
  public static StatusStore global() {
    return GLOBAL;
  }

  /** The clock of this store, a {@link System#nanoTime()} reading. */
  public long now() {
    return clock.getAsLong();
  }

  /** Sets a process's own key; {@code ttlNanos} 0 means it lives until removed. */
  public void report(String key, String value, long ttlNanos) {
    if (bridge != null) {
      // The agent's store checks it, with the same rules and messages.
      bridge.report(key, value, ttlNanos);
      return;
    }
    Keys.requireValid(key);
    requireValue(key, value);
    requireTtl(key, ttlNanos);
    if (ownKeys.get() >= MAX_OWN_KEYS && !entries.containsKey(key)) {
      throw new IllegalArgumentException(
          "Invalid key ["
              + key
              + "]: this process already has "
              + MAX_OWN_KEYS
              + " keys of its own; remove some, or give short-lived ones a ttl");
    }
    long now = clock.getAsLong();
    set(key, new Status(value, now, ttlNanos), now);
  }

  /**
   * Sets a key or child path ({@code "worker1/status"}) with an explicit age, as a child reported
   * it; a status already expired is not stored.
   */
  public void put(String path, String value, long ageNanos, long ttlNanos) {
    if (bridge != null) {
      bridge.put(path, value, ageNanos, ttlNanos); // checked by the agent's store, as above
      return;
    }
    Keys.requireValidPath(path);
    requireValue(path, value);
    requireTtl(path, ttlNanos);
    long now = clock.getAsLong();
    Status status = new Status(value, now - Math.max(0, ageNanos), ttlNanos);
    if (status.isExpiredAt(now)) {
      remove(path);
      return;
    }
    set(path, status, now);
  }

  /** Removes a key or child path; returns whether it was there (and not expired). */
  public boolean remove(String key) {
    if (key == null) {
      return false;
    }
    if (bridge != null) {
      return bridge.remove(key);
    }
    Status removed = entries.remove(key);
    if (removed == null) {
      return false;
    }
    if (isOwn(key)) {
      ownKeys.decrementAndGet();
    }
    boolean live = !removed.isExpiredAt(clock.getAsLong());
    notify(key, live ? StatusChange.Kind.REMOVED : StatusChange.Kind.EXPIRED, removed);
    return live;
  }

  /** Removes every key that starts with {@code prefix}; returns how many went. */
  public int removePrefix(String prefix) {
    if (bridge != null) {
      return bridge.removePrefix(prefix);
    }
    int count = 0;
    for (String key : range(prefix).keySet()) {
      if (key.startsWith(prefix) && remove(key)) {
        count++;
      }
    }
    return count;
  }

  /** The live status of a key or child path, if any. */
  public Optional<Status> get(String key) {
    if (key == null) {
      return Optional.empty();
    }
    if (bridge != null) {
      return bridge.get(key);
    }
    Status status = entries.get(key);
    if (status == null) {
      return Optional.empty();
    }
    if (status.isExpiredAt(clock.getAsLong())) {
      expire(key, status);
      return Optional.empty();
    }
    return Optional.of(status);
  }

  /** The live keys starting with {@code prefix} ("" for all), sorted by key. */
  public SortedMap<String, Status> snapshot(String prefix) {
    long now = clock.getAsLong();
    if (bridge != null) {
      return bridge.snapshot(prefix, now);
    }
    SortedMap<String, Status> result = new TreeMap<>();
    for (Map.Entry<String, Status> e : range(prefix).entrySet()) {
      if (!e.getKey().startsWith(prefix)) {
        continue;
      }
      if (e.getValue().isExpiredAt(now)) {
        expire(e.getKey(), e.getValue());
      } else {
        result.put(e.getKey(), e.getValue());
      }
    }
    return result;
  }

  /**
   * Calls {@code action} with each key starting with {@code prefix} ("" for all) that is live at
   * the clock reading {@code now} (from {@link #now()}), and its status, in key order; keys expired
   * by then are skipped (and removed, as {@link #snapshot} does). Nothing is copied, so a reader of
   * a large tree (a renderer) pays for no map of its own; like {@link #snapshot}, it costs the log
   * of all keys plus the size of its answer. It walks the live map: a key set or removed meanwhile
   * may or may not be seen, every other key is seen once.
   *
   * <p>{@code long now = store.now(); store.forEach("worker1/", now, (key, status) -> ...);}
   */
  public void forEach(String prefix, long now, BiConsumer<? super String, ? super Status> action) {
    if (bridge != null) {
      bridge.forEach(prefix, now, action);
      return;
    }
    // The map's own forEach makes no entry object per key, as its entry iterator does.
    range(prefix).forEach(new LiveOnly(prefix, now, action));
  }

  /** A view, in key order, holding every key that starts with {@code prefix} (live or not). */
  private NavigableMap<String, Status> range(String prefix) {
    if (prefix.isEmpty()) {
      return entries;
    }
    char last = prefix.charAt(prefix.length() - 1);
    if (last == Character.MAX_VALUE) {
      return entries.tailMap(prefix, true); // no key has it; callers still check startsWith
    }
    String end = prefix.substring(0, prefix.length() - 1) + (char) (last + 1);
    return entries.subMap(prefix, true, end, false);
  }

  /** Calls {@code listener} for each change to a key starting with {@code prefix}. */
  public Subscription subscribe(String prefix, StatusListener listener) {
    if (prefix == null || listener == null) {
      throw new IllegalArgumentException("Invalid subscription: prefix and listener are required");
    }
    if (bridge != null) {
      return bridge.subscribe(prefix, listener);
    }
    Listening listening = new Listening(prefix, listener);
    listeners.add(listening);
    return () -> listeners.remove(listening);
  }

  private void set(String key, Status status, long now) {
    if (entries.put(key, status) == null && isOwn(key)) {
      ownKeys.incrementAndGet();
    }
    notify(key, StatusChange.Kind.SET, status);
    long due = nextSweep.get();
    if (now - due >= 0 && nextSweep.compareAndSet(due, now + SWEEP_INTERVAL_NANOS)) {
      sweep(now);
    }
  }

  private void sweep(long now) {
    String from = sweptTo;
    NavigableMap<String, Status> rest = from == null ? entries : entries.tailMap(from, false);
    int visited = 0;
    String last = null;
    for (Map.Entry<String, Status> e : rest.entrySet()) {
      if (visited++ == SWEEP_SLICE) {
        sweptTo = last; // the rest next time
        return;
      }
      last = e.getKey();
      if (e.getValue().isExpiredAt(now)) {
        expire(last, e.getValue());
      }
    }
    sweptTo = null; // reached the end: the next sweep starts over
  }

  private void expire(String key, Status status) {
    // Only the thread that actually removes this exact status reports the expiry.
    if (entries.remove(key, status)) {
      if (isOwn(key)) {
        ownKeys.decrementAndGet();
      }
      notify(key, StatusChange.Kind.EXPIRED, status);
    }
  }

  private void notify(String key, StatusChange.Kind kind, Status status) {
    if (listeners.isEmpty()) {
      return;
    }
    StatusChange change = null;
    for (Listening listening : listeners) {
      if (!key.startsWith(listening.prefix)) {
        continue;
      }
      if (change == null) {
        change = new StatusChange(key, kind, status);
      }
      try {
        listening.listener.onChange(change);
      } catch (RuntimeException e) {
        // A listener's failure must not fail the report that triggered it.
        Thread t = Thread.currentThread();
        t.getUncaughtExceptionHandler().uncaughtException(t, e);
      }
    }
  }

  private static boolean isOwn(String key) {
    return key.indexOf('/') < 0;
  }

  private static void requireValue(String key, String value) {
    if (value == null) {
      throw new IllegalArgumentException(
          "Invalid value for key [" + key + "]: null; report \"\" or call remove");
    }
    if (value.length() > MAX_VALUE_LENGTH) {
      throw new IllegalArgumentException(
          "Invalid value for key ["
              + key
              + "]: "
              + value.length()
              + " characters, more than "
              + MAX_VALUE_LENGTH
              + "; report a summary");
    }
  }

  private static void requireTtl(String key, long ttlNanos) {
    if (ttlNanos < 0) {
      throw new IllegalArgumentException(
          "Invalid ttl for key [" + key + "]: " + ttlNanos + "ns; use a positive duration");
    }
  }

  // A class, not System::nanoTime: the api loads at an agent's premain, where a first lambda
  // costs milliseconds of bootstrap.
  private static final class SystemClock implements LongSupplier {
    @Override
    public long getAsLong() {
      return System.nanoTime();
    }
  }

  /** Passes on the keys under a prefix that are live at a clock reading; expires the others. */
  private final class LiveOnly implements BiConsumer<String, Status> {
    private final String prefix;
    private final long now;
    private final BiConsumer<? super String, ? super Status> action;

    LiveOnly(String prefix, long now, BiConsumer<? super String, ? super Status> action) {
      this.prefix = prefix;
      this.now = now;
      this.action = action;
    }

    @Override
    public void accept(String key, Status status) {
      if (!key.startsWith(prefix)) {
        return;
      }
      if (status.isExpiredAt(now)) {
        expire(key, status);
      } else {
        action.accept(key, status);
      }
    }
  }

  private static final class Listening {
    final String prefix;
    final StatusListener listener;

    Listening(String prefix, StatusListener listener) {
      this.prefix = prefix;
      this.listener = listener;
    }
  }
}
