package dev.hermes.api;

import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * How a copy of the api that is not the agent's (a webapp's, in its {@code WEB-INF/lib}) reaches
 * the agent's store: once the agent has set the system property {@value #PROPERTY}, a copy that
 * initialises calls {@code dev.hermes.agent.HermesAgent.storeBridge()} by reflection through the
 * system class loader (where {@code -javaagent} puts the agent), which answers a {@code
 * Function<Object[], Object>} typed only with {@code java.base} types, since the two copies'
 * classes are strangers. Used only when that property is set, so a JVM without the agent, or the
 * agent's own copy (which initialises before the agent sets it), never loads this class.
 *
 * <p>A call is an array whose first element names the operation; values cross as {@code String}s
 * and {@code Long}s, statuses as {@code {value, updatedNanos, ttlNanos}} ({@link System#nanoTime}
 * is one clock for the whole JVM):
 *
 * <ul>
 *   <li>{@code {"report", key, value, ttlNanos}} and {@code {"put", path, value, ageNanos,
 *       ttlNanos}}, answering null;
 *   <li>{@code {"remove", key}}, a {@code Boolean}; {@code {"removePrefix", prefix}}, an {@code
 *       Integer};
 *   <li>{@code {"get", key}}, a status or null;
 *   <li>{@code {"forEach", prefix, now, Consumer<Object[]>}}, giving the consumer {@code {key,
 *       value, updatedNanos, ttlNanos}} for each live key;
 *   <li>{@code {"subscribe", prefix, Consumer<Object[]>}}, a {@code Runnable} that ends the
 *       subscription; the consumer gets {@code {key, kind, value, updatedNanos, ttlNanos}} (value
 *       null when the change carries no status). The agent holds the consumer weakly, so that it
 *       never keeps a webapp's classes: this side holds it until the subscription is closed.
 * </ul>
 *
 * An invalid key is refused by the agent's store with the same {@code IllegalArgumentException} as
 * here.
 */
final class StoreBridge {
  /** The system property where the agent publishes its side. */
  static final String PROPERTY = "hermes.store.bridge";

  private static final String AGENT = "dev.hermes.agent.HermesAgent";

  private final Function<Object[], Object> agent;
  // The consumers of this copy's open subscriptions, which the agent holds only weakly.
  private final CopyOnWriteArrayList<Forward> held = new CopyOnWriteArrayList<>();

  StoreBridge(Function<Object[], Object> agent) {
    this.agent = agent;
  }

  /** The agent's store, or null if there is none to be had (this copy then keeps its own). */
  @SuppressWarnings("unchecked")
  static StoreBridge find() {
    try {
      Class<?> hermes = Class.forName(AGENT, true, ClassLoader.getSystemClassLoader());
      if (hermes.getClassLoader() == StoreBridge.class.getClassLoader()) {
        // The agent's own copy (the agent sets the property from its first moment, before this
        // copy's store exists): the agent's store is this one.
        return null;
      }
      Object published = hermes.getMethod("storeBridge").invoke(null);
      return published instanceof Function
          ? new StoreBridge((Function<Object[], Object>) published)
          : null;
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      return null; // no agent there, or one without a bridge
    }
  }

  void report(String key, String value, long ttlNanos) {
    agent.apply(new Object[] {"report", key, value, ttlNanos});
  }

  void put(String path, String value, long ageNanos, long ttlNanos) {
    agent.apply(new Object[] {"put", path, value, ageNanos, ttlNanos});
  }

  boolean remove(String key) {
    return Boolean.TRUE.equals(agent.apply(new Object[] {"remove", key}));
  }

  int removePrefix(String prefix) {
    Object removed = agent.apply(new Object[] {"removePrefix", prefix});
    return removed instanceof Integer ? (Integer) removed : 0;
  }

  Optional<Status> get(String key) {
    Object found = agent.apply(new Object[] {"get", key});
    return found instanceof Object[] ? Optional.of(status((Object[]) found, 0)) : Optional.empty();
  }

  void forEach(String prefix, long now, BiConsumer<? super String, ? super Status> action) {
    agent.apply(new Object[] {"forEach", prefix, now, new Each(action)});
  }

  SortedMap<String, Status> snapshot(String prefix, long now) {
    TreeMap<String, Status> result = new TreeMap<>();
    forEach(prefix, now, new Into(result));
    return result;
  }

  Subscription subscribe(String prefix, StatusListener listener) {
    Forward forward = new Forward(listener);
    held.add(forward);
    try {
      forward.cancel = (Runnable) agent.apply(new Object[] {"subscribe", prefix, forward});
    } catch (RuntimeException | Error e) {
      held.remove(forward);
      throw e;
    }
    return forward;
  }

  private static Status status(Object[] fields, int from) {
    return new Status((String) fields[from], (Long) fields[from + 1], (Long) fields[from + 2]);
  }

  /** Turns the agent's {@code {key, value, updated, ttl}} into this copy's types. */
  private static final class Each implements Consumer<Object[]> {
    private final BiConsumer<? super String, ? super Status> action;

    Each(BiConsumer<? super String, ? super Status> action) {
      this.action = action;
    }

    @Override
    public void accept(Object[] entry) {
      action.accept((String) entry[0], status(entry, 1));
    }
  }

  private static final class Into implements BiConsumer<String, Status> {
    private final TreeMap<String, Status> map;

    Into(TreeMap<String, Status> map) {
      this.map = map;
    }

    @Override
    public void accept(String key, Status status) {
      map.put(key, status);
    }
  }

  /** One subscription: what the agent calls (weakly held there, strongly here), and its close. */
  private final class Forward implements Consumer<Object[]>, Subscription {
    private final StatusListener listener;
    volatile Runnable cancel;

    Forward(StatusListener listener) {
      this.listener = listener;
    }

    @Override
    public void accept(Object[] change) {
      Status status = change[2] == null ? null : status(change, 2);
      listener.onChange(
          new StatusChange(
              (String) change[0], StatusChange.Kind.valueOf((String) change[1]), status));
    }

    @Override
    public void close() {
      held.remove(this);
      Runnable ending = cancel;
      if (ending != null) {
        ending.run();
      }
    }
  }
}
