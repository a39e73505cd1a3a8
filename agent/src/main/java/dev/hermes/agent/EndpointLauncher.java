package dev.hermes.agent;

import dev.hermes.agent.tree.ChildRegistry;
import dev.hermes.api.StatusStore;
import java.lang.reflect.InvocationTargetException;

/** Starts the HTTP endpoint through whichever class loader can see the JDK's HTTP server. */
final class EndpointLauncher {
  private static final String SERVER = "dev.hermes.agent.http.StatusServer";

  private EndpointLauncher() {}

  static Endpoint start(AgentConfig config, StatusStore store, ChildRegistry registry)
      throws Exception {
    ClassLoader own = EndpointLauncher.class.getClassLoader();
    ClassLoader loader =
        ModuleLayer.boot().findModule("jdk.httpserver").isPresent()
            ? own
            : new JdkHttpServerLoader(own);
    Log.debug("HTTP server classes from " + loader);
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
