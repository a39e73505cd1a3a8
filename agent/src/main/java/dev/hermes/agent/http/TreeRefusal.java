package dev.hermes.agent.http;

import dev.hermes.agent.tree.TreeException;

/**
 * The HTTP status of a refused join or update: 403 for a token or session the parent does not know
 * (so the child stops trying), 400 for a body out of shape or over a limit.
 *
 * <p>{@code Responses.error(exchange, TreeRefusal.status(e), e.getMessage())}
 */
public final class TreeRefusal {
  private TreeRefusal() {}

  /** 403 or 400, for {@code refusal}. */
  public static int status(TreeException refusal) {
    TreeException.Reason reason = refusal.reason();
    return reason == TreeException.Reason.UNKNOWN_TOKEN
            || reason == TreeException.Reason.UNKNOWN_SESSION
        ? 403
        : 400;
  }
}
