package dev.hermes.agent.config;

import java.nio.file.Path;
import java.util.Map;

/**
 * What a parent tells a child it spawns, through the child's environment (never its command line,
 * where {@code ps} would show the secret): where the parent is, the child's one-time token, the
 * chain of ancestors to re-join if the parent dies, the parent's certificate to pin, and the shared
 * secret. Immutable; the parent builds one {@link #of(AgentConfig) from its configuration}, adds
 * its endpoint once it is bound, and a token per child.
 *
 * <p>{@code ChildLaunch.of(config).at(url, cert).withToken(token).applyTo(env, System.getenv());}
 */
public final class ChildLaunch {
  private final String parentUrl;
  private final String token;
  private final String ancestors;
  private final Path parentCert;
  private final String secret;
  private final Path secretFile;

  private ChildLaunch(
      String parentUrl,
      String token,
      String ancestors,
      Path parentCert,
      String secret,
      Path secretFile) {
    this.parentUrl = parentUrl;
    this.token = token;
    this.ancestors = ancestors;
    this.parentCert = parentCert;
    this.secret = secret;
    this.secretFile = secretFile;
  }

  /**
   * What every child of a JVM configured by {@code config} inherits: its ancestors (its own parent
   * first) and its secret. Children told only this become roots, until {@link #at} adds the
   * endpoint.
   */
  public static ChildLaunch of(AgentConfig config) {
    String ancestors =
        config.parent() == null
            ? null
            : config.parent() + (config.ancestors() == null ? "" : "," + config.ancestors());
    Path secretFile = config.secretFile() == null ? null : config.secretFile().toAbsolutePath();
    String secret = secretFile == null ? config.secret() : null;
    return new ChildLaunch(null, null, ancestors, null, secret, secretFile);
  }

  /** Children told this are roots: no parent, no token. */
  public static ChildLaunch root() {
    return new ChildLaunch(null, null, null, null, null, null);
  }

  /**
   * The same, with the parent's endpoint {@code url} and the certificate children pin (or null).
   */
  public ChildLaunch at(String url, Path cert) {
    return new ChildLaunch(url, token, ancestors, cert, secret, secretFile);
  }

  /** The same, for the one child that joins with {@code oneTimeToken}. */
  public ChildLaunch withToken(String oneTimeToken) {
    return new ChildLaunch(parentUrl, oneTimeToken, ancestors, parentCert, secret, secretFile);
  }

  /** The parent's endpoint, or null when children become roots. */
  public String parentUrl() {
    return parentUrl;
  }

  /**
   * The name the spawner chose in {@code env}, or null when it set none: one merely inherited from
   * this JVM's own environment {@code own} does not count.
   */
  public static String explicitName(Map<String, String> env, Map<String, String> own) {
    String name = env.get(Contract.ENV_NAME);
    return name == null || name.equals(own.get(Contract.ENV_NAME)) ? null : name;
  }

  /**
   * Writes this into a child's environment {@code env}. Per-process settings merely inherited from
   * this JVM's own environment {@code own} (the name, the port, the probes, alerts and required
   * children) are dropped, so siblings never clash on a port or share a name; values the spawner
   * set itself are kept. The lineage replaces what the child inherited; the secret is added only
   * where the child has none.
   */
  public void applyTo(Map<String, String> env, Map<String, String> own) {
    String name = env.get(Contract.ENV_NAME);
    if (name != null && name.equals(own.get(Contract.ENV_NAME))) {
      env.remove(Contract.ENV_NAME);
    }
    // A supervisor's probes, alerts and required children are its own: children inheriting them
    // would run the same probes and send the same alerts once each.
    for (String setting : Contract.OWN_ONLY) {
      String variable = Contract.envName(setting);
      String value = env.get(variable);
      if (value != null && value.equals(own.get(variable))) {
        env.remove(variable);
      }
    }
    String port = env.get(Contract.ENV_PORT);
    if (port == null || port.equals(own.get(Contract.ENV_PORT))) {
      env.put(Contract.ENV_PORT, "0");
    }
    if (parentUrl == null) {
      env.remove(Contract.ENV_PARENT);
      env.remove(Contract.ENV_TOKEN);
      return;
    }
    env.put(Contract.ENV_PARENT, parentUrl);
    env.put(Contract.ENV_TOKEN, token);
    replace(env, Contract.ENV_ANCESTORS, ancestors);
    replace(env, Contract.ENV_PARENT_CERT, parentCert == null ? null : parentCert.toString());
    if (secretFile != null) {
      env.putIfAbsent(Contract.ENV_SECRET_FILE, secretFile.toString());
    } else if (secret != null) {
      env.putIfAbsent(Contract.ENV_SECRET, secret);
    }
  }

  private static void replace(Map<String, String> env, String name, String value) {
    if (value == null) {
      env.remove(name);
    } else {
      env.put(name, value);
    }
  }
}
