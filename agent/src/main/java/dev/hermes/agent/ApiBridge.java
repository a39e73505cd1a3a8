package dev.hermes.agent;

import dev.hermes.agent.config.Contract;
import dev.hermes.api.Status;
import dev.hermes.api.StatusChange;
import dev.hermes.api.StatusListener;
import dev.hermes.api.StatusStore;
import dev.hermes.api.Subscription;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The agent's store as every other copy of the api in the JVM sees it (a webapp's, behind a
 * child-first class loader): typed only with {@code java.base} types, since those copies' classes
 * are strangers to the agent's, and handed out by {@link HermesAgent#storeBridge()}, which a copy
 * calls through the system class loader once the system property {@code hermes.store.bridge} says
 * it is there. The property is a string: an object there would break every {@code Properties.list}
 * and {@code store} of the system properties. The api's {@code StoreBridge} documents the calls.
 *
 * <p>It keeps nothing of a caller's but strings, and holds a listener of another copy weakly: a
 * webapp that is undeployed without closing its subscriptions leaves neither its class loader nor
 * its listeners behind. Its keys stay, as any key does until removed or expired.
 */
final class ApiBridge implements Function<Object[], Object> {
  private static volatile ApiBridge published;

  private final StatusStore store;
  // The listeners of other copies whose consumers were collected (their webapp is gone).
  private final ReferenceQueue<Object> gone = new ReferenceQueue<>();

  private ApiBridge(StatusStore store) {
    this.store = store;
  }

  /**
   * Publishes {@code store} (the agent's own copy's, which initialised before this) for every other
   * copy of the api that initialises after it.
   */
  static void install(StatusStore store) {
    published = new ApiBridge(store);
    System.setProperty(Contract.STORE_BRIDGE_PROPERTY, Contract.STORE_BRIDGE_VERSION);
  }

  /** The published bridge, or null before {@link #install}. */
  static Function<Object[], Object> published() {
    return published;
  }

  @Override
  @SuppressWarnings("unchecked")
  public Object apply(Object[] call) {
    String operation = (String) call[0];
    switch (operation) {
      case "report":
        store.report((String) call[1], (String) call[2], (Long) call[3]);
        return null;
      case "put":
        store.put((String) call[1], (String) call[2], (Long) call[3], (Long) call[4]);
        return null;
      case "remove":
        return store.remove((String) call[1]);
      case "removePrefix":
        return store.removePrefix((String) call[1]);
      case "get":
        Optional<Status> found = store.get((String) call[1]);
        return found.isPresent() ? fields(found.get()) : null;
      case "forEach":
        store.forEach((String) call[1], (Long) call[2], new Each((Consumer<Object[]>) call[3]));
        return null;
      case "subscribe":
        forgetGone();
        return WeakListener.subscribe(store, (String) call[1], (Consumer<Object[]>) call[2], gone);
      default:
        throw new IllegalArgumentException(
            "this Hermes agent has no store operation [" + operation + "]; use an api of its age");
    }
  }

  /** Ends the subscriptions whose consumers were collected; each call that subscribes does this. */
  void forgetGone() {
    for (Object cleared = gone.poll(); cleared != null; cleared = gone.poll()) {
      ((WeakListener) cleared).run();
    }
  }

  private static Object[] fields(Status status) {
    return new Object[] {status.value(), status.updatedNanos(), status.ttlNanos()};
  }

  @Override
  public String toString() {
    return "hermes store bridge";
  }

  private static final class Each implements BiConsumer<String, Status> {
    private final Consumer<Object[]> consumer;

    Each(Consumer<Object[]> consumer) {
      this.consumer = consumer;
    }

    @Override
    public void accept(String key, Status status) {
      consumer.accept(new Object[] {key, status.value(), status.updatedNanos(), status.ttlNanos()});
    }
  }

  /** Another copy's listener, held weakly; {@link #run()} ends its subscription. */
  private static final class WeakListener extends WeakReference<Consumer<Object[]>>
      implements StatusListener, Runnable {
    volatile Subscription subscription;

    WeakListener(Consumer<Object[]> consumer, ReferenceQueue<Object> gone) {
      super(consumer, gone);
    }

    // Here rather than in apply(): verifying apply() would load StatusListener at every start.
    static Runnable subscribe(
        StatusStore store,
        String prefix,
        Consumer<Object[]> consumer,
        ReferenceQueue<Object> gone) {
      WeakListener listener = new WeakListener(consumer, gone);
      listener.subscription = store.subscribe(prefix, listener);
      return listener;
    }

    @Override
    public void onChange(StatusChange change) {
      Consumer<Object[]> consumer = get();
      if (consumer == null) {
        run();
        return;
      }
      Optional<Status> status = change.status();
      try {
        consumer.accept(
            status.isPresent()
                ? new Object[] {
                  change.key(),
                  change.kind().name(),
                  status.get().value(),
                  status.get().updatedNanos(),
                  status.get().ttlNanos()
                }
                : new Object[] {change.key(), change.kind().name(), null, 0L, 0L});
      } catch (LinkageError stopped) {
        // Its webapp was stopped and its loader loads no more classes, though not yet collected:
        // the copy is gone, and its failure must not reach the thread that made the change.
        run();
      }
    }

    @Override
    public void run() {
      clear();
      Subscription ending = subscription;
      if (ending != null) {
        ending.close();
      }
    }
  }
}
