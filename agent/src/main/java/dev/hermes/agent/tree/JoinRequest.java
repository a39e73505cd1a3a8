package dev.hermes.agent.tree;

/** A child's request to join: its one-time token (null when started by hand), pid and identity. */
public final class JoinRequest {
  final String token;
  final long pid;
  final String name;
  final String main;
  final String url;
  final String adoptedFrom;

  /** The fields as the child sends them; any may be null but {@code pid}. */
  public JoinRequest(String token, long pid, String name, String main, String url) {
    this(token, pid, name, main, url, null);
  }

  /** A join by an orphan whose parent {@code adoptedFrom} is gone: no token, its old name. */
  JoinRequest(String token, long pid, String name, String main, String url, String adoptedFrom) {
    this.token = token;
    this.pid = pid;
    this.name = name;
    this.main = main;
    this.url = url;
    this.adoptedFrom = adoptedFrom;
  }

  /** Every field in one string, the same for requests {@link #sameAs} each other. */
  String key() {
    return pid + "\n" + token + "\n" + name + "\n" + main + "\n" + url + "\n" + adoptedFrom;
  }

  /** Whether {@code other} asks for the same: every field equal. */
  boolean sameAs(JoinRequest other) {
    return other != null
        && pid == other.pid
        && java.util.Objects.equals(token, other.token)
        && java.util.Objects.equals(name, other.name)
        && java.util.Objects.equals(main, other.main)
        && java.util.Objects.equals(url, other.url)
        && java.util.Objects.equals(adoptedFrom, other.adoptedFrom);
  }

  JoinRequest adoptedBy(String name, String deadParent) {
    return new JoinRequest(null, pid, name, main, url, deadParent);
  }
}
