package dev.hermes.agent.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.hermes.agent.config.AgentArgs;
import dev.hermes.agent.server.Endpoint;
import dev.hermes.agent.server.EndpointLauncher;
import dev.hermes.agent.tree.ChildRegistry;
import dev.hermes.api.StatusStore;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Where the private server's connections are within reach, and where they are not. */
class ExchangeConnectionTest {
  @Test
  void outOfReachInTheBootLayersServer() {
    // Unit tests see the JDK's own jdk.httpserver, whose internals are not open to Hermes.
    assertFalse(ExchangeConnection.available());
    assertNull(ExchangeConnection.of(new FakeExchange("GET", "/events")));
  }

  @Test
  void withinReachInThePrivateCopy() throws Exception {
    // If a JDK renamed these members, streams would fall back on a plain close: JDK 17 would then
    // leak a connection per stream whose consumer left (issue 10, finding 1).
    StatusStore store = StatusStore.global();
    Endpoint endpoint =
        EndpointLauncher.start(
            AgentArgs.parse("port=0", Map.of()), store, new ChildRegistry(store, Duration.ZERO));
    try {
      Class<?> copy =
          Class.forName(
              ExchangeConnection.class.getName(), true, endpoint.getClass().getClassLoader());
      Method available = copy.getDeclaredMethod("available");
      available.setAccessible(true);
      assertEquals(true, available.invoke(null));
    } finally {
      endpoint.close();
    }
  }
}
