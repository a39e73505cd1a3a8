package dev.hermes.agent.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hermes.agent.config.AgentArgs;
import dev.hermes.agent.tree.ChildRegistry;
import dev.hermes.api.StatusStore;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class EndpointLauncherTest {
  /** System properties that record every name written to them. */
  private static final class Recording extends Properties {
    private static final long serialVersionUID = 1L;
    final List<Object> written = Collections.synchronizedList(new ArrayList<>());

    Recording(Properties from) {
      putAll(from);
    }

    @Override
    public synchronized Object put(Object key, Object value) {
      written.add(key);
      return super.put(key, value);
    }

    @Override
    public synchronized Object remove(Object key) {
      written.add(key);
      return super.remove(key);
    }
  }

  private static Endpoint start() throws Exception {
    StatusStore store = StatusStore.global();
    return EndpointLauncher.start(
        AgentArgs.parse("port=0", Map.of()), store, new ChildRegistry(store, Duration.ZERO));
  }

  // Regression (issue 10, finding 9): the launcher set the server's tuning as system properties
  // for the whole start-up, so the host saw them, and lost a value it set meanwhile.
  @Test
  void theServersTuningNeverTouchesTheSystemProperties() throws Exception {
    Properties original = System.getProperties();
    Recording recording = new Recording(original);
    System.setProperties(recording);
    Endpoint endpoint = null;
    try {
      endpoint = start();
    } finally {
      System.setProperties(original);
    }
    try {
      List<Object> tuning = new ArrayList<>(recording.written);
      tuning.retainAll(ServerProperties.TUNING.keySet());
      assertEquals(List.of(), tuning);
      // ...and the private server has them all the same.
      Class<?> config =
          Class.forName("sun.net.httpserver.ServerConfig", true, endpointLoader(endpoint));
      assertEquals(ServerProperties.MAX_CONNECTIONS, call(config, "getMaxConnections"));
      assertEquals(ServerProperties.MAX_CONNECTIONS, call(config, "getMaxIdleConnections"));
      assertEquals(true, call(config, "noDelay"));
    } finally {
      endpoint.close();
    }
  }

  // Regression (issue 10, finding 12): a worker interrupted while loading a class of the private
  // server (shutdownNow) got ClosedByInterruptException from the jrt file system, and the JVM
  // printed a NoClassDefFoundError at exit.
  @Test
  void anInterruptedThreadStillLoadsTheServersClasses() throws Exception {
    JdkHttpServerLoader loader = new JdkHttpServerLoader(getClass().getClassLoader());
    AtomicReference<Object> result = new AtomicReference<>();
    Thread t =
        new Thread(
            () -> {
              Thread.currentThread().interrupt();
              try {
                result.set(loader.loadClass("sun.net.httpserver.ServerImpl$Exchange"));
              } catch (Throwable e) {
                result.set(e);
              }
              result.compareAndSet(null, "interrupt flag lost");
              if (!Thread.currentThread().isInterrupted()) {
                result.set("interrupt flag lost");
              }
            });
    t.start();
    t.join();
    assertTrue(result.get() instanceof Class, String.valueOf(result.get()));
    assertSame(loader, ((Class<?>) result.get()).getClassLoader());
  }

  private static ClassLoader endpointLoader(Endpoint endpoint) {
    ClassLoader loader = endpoint.getClass().getClassLoader();
    assertNotNull(loader);
    assertTrue(loader instanceof JdkHttpServerLoader, String.valueOf(loader));
    return loader;
  }

  private static Object call(Class<?> type, String name) throws Exception {
    Method m = type.getDeclaredMethod(name);
    m.setAccessible(true);
    return m.invoke(null);
  }
}
