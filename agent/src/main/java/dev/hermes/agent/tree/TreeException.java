package dev.hermes.agent.tree;

/** A refused registration or update: the HTTP status and the one-line reason to answer with. */
public final class TreeException extends Exception {
  private static final long serialVersionUID = 1L;
  private final int status;

  TreeException(int status, String reason) {
    super(reason, null, false, false);
    this.status = status;
  }

  /** The HTTP status: 400 for malformed input, 403 for a bad token or session. */
  public int status() {
    return status;
  }
}
