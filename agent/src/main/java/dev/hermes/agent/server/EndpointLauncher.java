package dev.hermes.agent.server;

import dev.hermes.agent.config.AgentConfig;
import dev.hermes.agent.tree.ChildRegistry;
import dev.hermes.api.StatusStore;
import java.lang.reflect.InvocationTargetException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Starts the HTTP endpoint from a private copy of the JDK's HTTP server, loaded by {@link
 * JdkHttpServerLoader}. The copy works where the boot layer lacks {@code jdk.httpserver}, and its
 * configuration, which the JDK reads from system properties once per copy, is Hermes's alone: the
 * properties are set only while the copy initialises, then restored, so the host's own {@code
 * com.sun.net.httpserver} servers keep their settings.
 */
public final class EndpointLauncher {
  private static final String SERVER = "dev.hermes.agent.http.StatusServer";

  /** The JDK server's settings for Hermes: see the README's "Limits". */
  static final Map<String, String> TUNING = tuning();

  private EndpointLauncher() {}

  /** Starts the endpoint; throws if it cannot be bound or the server cannot be loaded. */
  public static Endpoint start(AgentConfig config, StatusStore store, ChildRegistry registry)
      throws Exception {
    ClassLoader loader = new JdkHttpServerLoader(EndpointLauncher.class.getClassLoader());
    Map<String, String> previous = new LinkedHashMap<>();
    synchronized (System.getProperties()) {
      for (Map.Entry<String, String> e : TUNING.entrySet()) {
        previous.put(e.getKey(), System.setProperty(e.getKey(), e.getValue()));
      }
    }
    try {
      return (Endpoint)
          Class.forName(SERVER, true, loader)
              .getMethod("start", AgentConfig.class, StatusStore.class, ChildRegistry.class)
              .invoke(null, config, store, registry);
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      throw cause instanceof Exception ? (Exception) cause : e;
    } finally {
      synchronized (System.getProperties()) {
        for (Map.Entry<String, String> e : previous.entrySet()) {
          if (e.getValue() == null) {
            System.clearProperty(e.getKey());
          } else {
            System.setProperty(e.getKey(), e.getValue());
          }
        }
      }
    }
  }

  private static Map<String, String> tuning() {
    Map<String, String> tuning = new LinkedHashMap<>();
    // Without TCP_NODELAY the JDK server manages ~90 keep-alive requests/s.
    tuning.put("sun.net.httpserver.nodelay", "true");
    // A client has 5 s (in seconds on JDK 17 and 25) to send its request: slowloris is cut off.
    tuning.put("sun.net.httpserver.maxReqTime", "5");
    tuning.put("jdk.httpserver.maxConnections", "256");
    tuning.put("sun.net.httpserver.maxReqHeaders", "100");
    tuning.put("sun.net.httpserver.maxReqHeaderSize", "65536");
    return Map.copyOf(tuning);
  }
}
