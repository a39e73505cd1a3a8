package dev.hermes.agent.server;

import dev.hermes.agent.config.AgentConfig;
import dev.hermes.agent.tree.ChildRegistry;
import dev.hermes.api.StatusStore;
import java.lang.reflect.InvocationTargetException;

/**
 * Starts the HTTP endpoint from a private copy of the JDK's HTTP server, loaded by {@link
 * JdkHttpServerLoader}. The copy works where the boot layer lacks {@code jdk.httpserver}, and its
 * configuration is Hermes's alone: it reads {@link ServerProperties}, never the system properties
 * the host's own {@code com.sun.net.httpserver} servers read.
 */
public final class EndpointLauncher {
  private static final String SERVER = "dev.hermes.agent.http.StatusServer";

  private EndpointLauncher() {}

  /** Starts the endpoint; throws if it cannot be bound or the server cannot be loaded. */
  public static Endpoint start(AgentConfig config, StatusStore store, ChildRegistry registry)
      throws Exception {
    ClassLoader loader = new JdkHttpServerLoader(EndpointLauncher.class.getClassLoader());
    try {
      return (Endpoint)
          Class.forName(SERVER, true, loader)
              .getMethod("start", AgentConfig.class, StatusStore.class, ChildRegistry.class)
              .invoke(null, config, store, registry);
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      throw cause instanceof Exception ? (Exception) cause : e;
    }
  }
}
