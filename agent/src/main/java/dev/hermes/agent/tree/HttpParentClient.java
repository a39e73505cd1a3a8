package dev.hermes.agent.tree;

import dev.hermes.agent.client.EndpointClient;
import dev.hermes.agent.config.Contract;
import java.io.IOException;
import java.net.URI;
import java.util.function.Function;

/**
 * A {@link ParentClient} over HTTP: {@code POST /hermes/join} and {@code POST /hermes/update} to
 * the parent's endpoint, through an {@link EndpointClient} that carries the secret and pins the
 * parent's certificate.
 *
 * <p>{@code new HttpParentClient(new EndpointClient(secret, cert), URI.create(parentUrl))}
 */
final class HttpParentClient implements ParentClient {
  private static final int JOIN_TIMEOUT_MILLIS = 2000;

  private final EndpointClient http;
  private final URI parent;

  HttpParentClient(EndpointClient http, URI parent) {
    this.http = http;
    this.parent = parent;
  }

  @Override
  public JoinAnswer join(JoinRequest request) throws IOException {
    byte[] answer =
        http.post(
            parent.resolve(Contract.JOIN_PATH),
            TreeCodec.joinRequest(request),
            null,
            JOIN_TIMEOUT_MILLIS);
    return TreeCodec.parseJoinAnswer(answer);
  }

  @Override
  public void update(String session, byte[] body, int timeoutMillis) throws IOException {
    http.post(parent.resolve(Contract.UPDATE_PATH), body, session, timeoutMillis);
  }

  /**
   * Makes the client of each parent URL, all over one {@link EndpointClient}. A class rather than a
   * lambda: it is made on the start-up path, where a first lambda costs milliseconds.
   */
  static final class Factory implements Function<URI, ParentClient> {
    private final EndpointClient http;

    Factory(EndpointClient http) {
      this.http = http;
    }

    @Override
    public ParentClient apply(URI parent) {
      return new HttpParentClient(http, parent);
    }
  }
}
