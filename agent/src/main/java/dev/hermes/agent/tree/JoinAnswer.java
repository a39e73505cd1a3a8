package dev.hermes.agent.tree;

/**
 * A parent's answer to a join: the name it gave the child (its namespace there) and the session the
 * child sends its updates with.
 *
 * <p>{@code JoinAnswer answer = registry.join(request); answer.session();}
 */
public final class JoinAnswer {
  private final String name;
  private final String session;

  /** The answer giving {@code name} and {@code session}. */
  public JoinAnswer(String name, String session) {
    this.name = name;
    this.session = session;
  }

  /** The child's name at its parent, e.g. {@code worker1}. */
  public String name() {
    return name;
  }

  /** The session, sent in the session header of each update. */
  public String session() {
    return session;
  }
}
