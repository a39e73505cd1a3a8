package dev.hermes.agent.server;

import dev.hermes.agent.config.AgentConfig;
import dev.hermes.agent.tree.ChildRegistry;
import dev.hermes.api.StatusStore;

/**
 * What {@link EndpointLauncher} creates in the private loader and calls: typed here, in a package
 * the app loader holds, so that the call crosses the loaders without reflection.
 */
public interface EndpointStarter {
  /** Binds and starts serving; throws if the address cannot be bound. */
  Endpoint start(AgentConfig config, StatusStore store, ChildRegistry registry) throws Exception;
}
