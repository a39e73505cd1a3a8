package dev.hermes.agent.server;

import dev.hermes.agent.config.AgentConfig;
import dev.hermes.agent.tree.ChildRegistry;
import dev.hermes.api.StatusStore;

/**
 * Starts the HTTP endpoint from a private copy of the JDK's HTTP server, loaded by {@link
 * JdkHttpServerLoader}. The copy works where the boot layer lacks {@code jdk.httpserver}, and its
 * configuration is Hermes's alone: it reads {@link ServerProperties}, never the system properties
 * the host's own {@code com.sun.net.httpserver} servers read.
 */
public final class EndpointLauncher {
  private static final String STARTER = "dev.hermes.agent.http.StatusServer$Starter";

  private EndpointLauncher() {}

  /** Starts the endpoint; throws if it cannot be bound or the server cannot be loaded. */
  public static Endpoint start(AgentConfig config, StatusStore store, ChildRegistry registry)
      throws Exception {
    ClassLoader loader = new JdkHttpServerLoader(EndpointLauncher.class.getClassLoader());
    // A constructor without arguments, then a plain interface call: a reflective call with
    // arguments would have JDK 18 and later spin method-handle classes for it.
    EndpointStarter starter =
        (EndpointStarter)
            Class.forName(STARTER, true, loader).getDeclaredConstructor().newInstance();
    return starter.start(config, store, registry);
  }
}
