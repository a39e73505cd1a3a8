package dev.hermes.agent.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.hermes.agent.tree.ChildRegistry;
import dev.hermes.agent.tree.JoinAnswer;
import dev.hermes.agent.tree.TreeCodec;
import dev.hermes.agent.tree.TreeException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;

/**
 * {@code POST /hermes/join}: a child presents its one-time token (or none, joining by hand) and
 * gets its name and session; a join out of shape is a 400, one with no room a 503 with {@code
 * Retry-After}.
 */
final class JoinHandler implements HttpHandler {
  private final ChildRegistry registry;

  JoinHandler(ChildRegistry registry) {
    this.registry = registry;
  }

  /**
   * Whether the request came from this host: a loopback address, or one of this host's own (looked
   * up among its interfaces, never by name).
   */
  static boolean fromThisHost(HttpExchange exchange) {
    InetSocketAddress remote = exchange.getRemoteAddress();
    InetAddress address = remote == null ? null : remote.getAddress();
    if (address == null) {
      return false;
    }
    if (address.isLoopbackAddress()) {
      return true;
    }
    try {
      return NetworkInterface.getByInetAddress(address) != null;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    byte[] body = Bodies.read(exchange, Bodies.MAX_BYTES);
    if (body == null) {
      Responses.error(exchange, 413, "Body larger than " + Bodies.MAX_BYTES + " bytes");
      return;
    }
    try {
      JoinAnswer answer = registry.join(TreeCodec.parseJoin(body), fromThisHost(exchange));
      Responses.send(exchange, 200, Responses.JSON, TreeCodec.joinAnswer(answer));
    } catch (TreeException e) {
      int status = TreeRefusal.status(e);
      if (status == 503) {
        exchange.getResponseHeaders().set("Retry-After", TreeRefusal.RETRY_AFTER_SECONDS);
      }
      Responses.error(exchange, status, e.getMessage());
    }
  }
}
