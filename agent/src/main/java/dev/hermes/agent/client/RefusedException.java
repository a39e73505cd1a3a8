package dev.hermes.agent.client;

import java.io.IOException;

/**
 * The endpoint answered 403: a wrong secret, or a token or session it does not know. Retrying
 * cannot help. The message is the endpoint's reason, trimmed.
 *
 * <p>{@code catch (RefusedException e) { Log.warn("refused (" + e.getMessage() + ")"); }}
 */
public final class RefusedException extends IOException {
  private static final long serialVersionUID = 1L;
  private final String body;

  /** A refusal whose answer's body was {@code body}. */
  public RefusedException(String body) {
    super(body.trim());
    this.body = body;
  }

  /** The body of the 403, as the endpoint sent it. */
  public String body() {
    return body;
  }
}
