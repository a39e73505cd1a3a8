package dev.hermes.agent.client;

import java.io.IOException;

/**
 * The endpoint answered neither 200 nor 403 (e.g. 400 for a request out of shape, 500): a failed
 * request, as an I/O error is, with the status and the body that explains it.
 *
 * <p>{@code catch (UnexpectedStatusException e) { print(e.status() + ": " + e.body()); }}
 */
public final class UnexpectedStatusException extends IOException {
  private static final long serialVersionUID = 1L;
  private final int status;
  private final String body;

  /** An answer with {@code status} and {@code body}. */
  public UnexpectedStatusException(int status, String body) {
    super("answered " + status);
    this.status = status;
    this.body = body;
  }

  /** The HTTP status, e.g. 500. */
  public int status() {
    return status;
  }

  /** The body of the answer, as the endpoint sent it. */
  public String body() {
    return body;
  }
}
