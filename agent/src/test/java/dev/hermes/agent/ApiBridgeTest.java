package dev.hermes.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.hermes.agent.config.Contract;
import dev.hermes.api.StatusStore;
import java.lang.ref.WeakReference;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.URL;
import java.net.URLClassLoader;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A second copy of the api, in a class loader of its own as a webapp's would be, reports into the
 * agent's store through the bridge, and leaves nothing behind when its loader goes.
 */
class ApiBridgeTest {
  private final StatusStore agentStore = StatusStore.global();

  @BeforeEach
  void publish() {
    ApiBridge.install(agentStore);
  }

  @AfterEach
  void unpublish() {
    System.getProperties().remove(Contract.STORE_BRIDGE_PROPERTY);
    agentStore.removePrefix("bridge.");
  }

  @Test
  void anotherCopyOfTheApiReadsAndWritesTheAgentsStore() throws Exception {
    try (URLClassLoader webapp = copyOfTheApi()) {
      Class<?> hermes = webapp.loadClass("dev.hermes.api.Hermes");
      assertNotSame(StatusStore.class, webapp.loadClass("dev.hermes.api.StatusStore"));

      call(hermes, "report", "bridge.own", "from the webapp");
      assertEquals("from the webapp", agentStore.get("bridge.own").get().value());
      call(hermes, "report", "bridge.beat", "ok", Duration.ofSeconds(30));
      assertEquals(30_000_000_000L, agentStore.get("bridge.beat").get().ttlNanos());

      agentStore.report("bridge.agent", "from the agent", 0);
      assertEquals(Optional.of("from the agent"), call(hermes, "get", "bridge.agent"));
      Map<?, ?> snapshot = (Map<?, ?>) call(hermes, "snapshot", "bridge.");
      assertEquals(
          List.of("bridge.agent", "bridge.beat", "bridge.own"), List.copyOf(snapshot.keySet()));
      Object status = snapshot.get("bridge.beat");
      assertEquals(webapp, status.getClass().getClassLoader(), "the copy's own Status type");
      assertEquals("ok", status.getClass().getMethod("value").invoke(status));

      assertEquals(true, call(hermes, "remove", "bridge.own"));
      assertEquals(false, call(hermes, "remove", "bridge.own"));
      assertFalse(agentStore.get("bridge.own").isPresent());

      // A bad key is refused with the same message, and changes nothing.
      InvocationTargetException refused =
          org.junit.jupiter.api.Assertions.assertThrows(
              InvocationTargetException.class, () -> call(hermes, "report", "bad/key", "x"));
      assertEquals(
          "Invalid key [bad/key]: '/' is reserved for child namespaces; use '.'",
          refused.getCause().getMessage());
    }
  }

  @Test
  void theSystemPropertiesCanStillBeListedAndStored() throws Exception {
    // Every value there must be a string for Properties.list and store, or they throw
    // ClassCastException into the host: the bridge is published as one.
    assertEquals(Contract.STORE_BRIDGE_VERSION, System.getProperty(Contract.STORE_BRIDGE_PROPERTY));
    System.getProperties().list(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
    System.getProperties().store(java.io.OutputStream.nullOutputStream(), null);
  }

  @Test
  void withoutTheAgentACopyKeepsAStoreOfItsOwn() throws Exception {
    unpublish();
    try (URLClassLoader webapp = copyOfTheApi()) {
      Class<?> hermes = webapp.loadClass("dev.hermes.api.Hermes");
      call(hermes, "report", "bridge.alone", "own");
      assertEquals(Optional.of("own"), call(hermes, "get", "bridge.alone"));
      assertFalse(agentStore.get("bridge.alone").isPresent());
    }
  }

  @Test
  void theCopysListenersHearTheAgentsChangesUntilClosed() throws Exception {
    List<String> heard = new CopyOnWriteArrayList<>();
    try (URLClassLoader webapp = copyOfTheApi()) {
      Class<?> hermes = webapp.loadClass("dev.hermes.api.Hermes");
      Object subscription = call(hermes, "subscribe", "bridge.", listener(webapp, heard));
      agentStore.report("bridge.x", "1", 0);
      agentStore.remove("bridge.x");
      call(hermes, "report", "bridge.y", "2");
      assertEquals(List.of("SET bridge.x = 1", "REMOVED bridge.x = 1", "SET bridge.y = 2"), heard);

      webapp.loadClass("dev.hermes.api.Subscription").getMethod("close").invoke(subscription);
      agentStore.report("bridge.z", "3", 0);
      assertEquals(3, heard.size());
    }
  }

  @Test
  void aCopyWhoseLoaderIsGoneLeavesNeitherLoaderNorListenerBehind() throws Exception {
    List<String> heard = new CopyOnWriteArrayList<>();
    WeakReference<ClassLoader> loader = subscribeAndForget(heard);
    agentStore.report("bridge.before", "1", 0);
    assertEquals(List.of("SET bridge.before = 1"), heard);

    // Its subscription was never closed; the agent holds its listener weakly only.
    for (int i = 0; i < 100 && loader.get() != null; i++) {
      System.gc();
      Thread.sleep(20);
    }
    assertNull(loader.get(), "the copy's class loader is still reachable");
    agentStore.report("bridge.after", "2", 0);
    assertEquals(1, heard.size(), "a listener of a collected copy was called");
    // Its keys stay: they are strings, the agent's like any other.
    assertTrue(agentStore.get("bridge.kept").isPresent());
  }

  @Test
  void aStoppedCopyThatCanLoadNoMoreClassesIsDroppedQuietly() throws Exception {
    // A stopped webapp's loader refuses to load classes until it is collected; its listener then
    // fails with a LinkageError, which must not reach the thread that reported. Failed before the
    // fix with NoClassDefFoundError: dev/hermes/api/Status thrown from report().
    List<String> heard = new CopyOnWriteArrayList<>();
    URLClassLoader webapp = copyOfTheApi();
    Object subscription =
        call(
            webapp.loadClass("dev.hermes.api.Hermes"),
            "subscribe",
            "bridge.",
            listener(webapp, heard));
    webapp.close();
    agentStore.report("bridge.stopped", "1", 0);
    agentStore.report("bridge.stopped", "2", 0);
    assertEquals(List.of(), heard);
    assertNotSame(null, subscription);
  }

  private WeakReference<ClassLoader> subscribeAndForget(List<String> heard) throws Exception {
    URLClassLoader webapp = copyOfTheApi();
    Class<?> hermes = webapp.loadClass("dev.hermes.api.Hermes");
    call(hermes, "report", "bridge.kept", "yes");
    call(hermes, "subscribe", "bridge.", listener(webapp, heard));
    // Not closed: the loader still loads, as a deployed webapp's does until it is stopped.
    return new WeakReference<>(webapp);
  }

  /** A StatusListener of the copy, writing what it hears as text into {@code heard}. */
  private static Object listener(ClassLoader webapp, List<String> heard) throws Exception {
    Class<?> type = webapp.loadClass("dev.hermes.api.StatusListener");
    return Proxy.newProxyInstance(webapp, new Class<?>[] {type}, new Recorder(heard));
  }

  /** Static, so that it holds nothing of the copy's. */
  private static final class Recorder implements InvocationHandler {
    private final List<String> heard;

    Recorder(List<String> heard) {
      this.heard = heard;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) {
      if (method.getName().equals("onChange")) {
        heard.add(args[0].toString());
        return null;
      }
      if (method.getName().equals("equals")) {
        return proxy == args[0];
      }
      return method.getName().equals("hashCode") ? System.identityHashCode(proxy) : "recorder";
    }
  }

  /** The api's classes again, in a loader that does not ask the test's: a webapp's copy. */
  private static URLClassLoader copyOfTheApi() {
    URL api = StatusStore.class.getProtectionDomain().getCodeSource().getLocation();
    return new URLClassLoader("webapp", new URL[] {api}, ClassLoader.getPlatformClassLoader());
  }

  private static Object call(Class<?> type, String name, Object... args) throws Exception {
    for (Method method : type.getMethods()) {
      if (method.getName().equals(name) && method.getParameterCount() == args.length) {
        Class<?>[] params = method.getParameterTypes();
        boolean fits = true;
        for (int i = 0; i < args.length; i++) {
          fits &= params[i].isInstance(args[i]);
        }
        if (fits) {
          return method.invoke(null, args);
        }
      }
    }
    fail("no method " + name + " for " + List.of(args));
    return null;
  }
}
