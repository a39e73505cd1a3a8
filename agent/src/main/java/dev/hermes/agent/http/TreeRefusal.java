package dev.hermes.agent.http;

import dev.hermes.agent.tree.TreeException;

/**
 * The HTTP status of a refused join or update: 403 for a token or session the parent does not know
 * (a child then joins again, or stops if that is refused too), 413 for a batch past the memory
 * budget for children, 503 for a join without a token while the parent has as many such children as
 * it keeps (the child tries again later), 400 for a body out of shape or over another limit.
 *
 * <p>{@code Responses.error(exchange, TreeRefusal.status(e), e.getMessage())}
 */
public final class TreeRefusal {
  private TreeRefusal() {}

  /** The seconds a child refused with 503 is asked to wait, in {@code Retry-After}. */
  static final String RETRY_AFTER_SECONDS = "5";

  /** 403, 409, 413, 503 or 400, for {@code refusal}. */
  public static int status(TreeException refusal) {
    switch (refusal.reason()) {
      case UNKNOWN_TOKEN:
      case UNKNOWN_SESSION:
        return 403;
      case STALE:
        return 409;
      case OVER_BUDGET:
        return 413;
      case TOO_MANY_CHILDREN:
        return 503;
      default:
        return 400;
    }
  }
}
