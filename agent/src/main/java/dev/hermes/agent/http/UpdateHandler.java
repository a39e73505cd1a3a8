package dev.hermes.agent.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.hermes.agent.config.Contract;
import dev.hermes.agent.tree.ChildRegistry;
import dev.hermes.agent.tree.TreeCodec;
import dev.hermes.agent.tree.TreeException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** {@code POST /hermes/update}: a joined child's batch of keys, with its session header. */
final class UpdateHandler implements HttpHandler {
  private static final byte[] OK = "{\"ok\":true}\n".getBytes(StandardCharsets.UTF_8);
  private final ChildRegistry registry;

  UpdateHandler(ChildRegistry registry) {
    this.registry = registry;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    String session = exchange.getRequestHeaders().getFirst(Contract.SESSION_HEADER);
    byte[] body = Bodies.read(exchange, Bodies.MAX_BYTES);
    if (body == null) {
      Responses.error(exchange, 413, "Body larger than " + Bodies.MAX_BYTES + " bytes");
      return;
    }
    try {
      registry.update(session, TreeCodec.parseUpdate(body));
      Responses.send(exchange, 200, Responses.JSON, OK);
    } catch (TreeException e) {
      Responses.error(exchange, TreeRefusal.status(e), e.getMessage());
    }
  }
}
