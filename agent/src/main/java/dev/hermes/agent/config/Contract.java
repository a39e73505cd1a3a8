package dev.hermes.agent.config;

import java.nio.file.Path;
import java.util.List;

/**
 * Every name by which the agent is reached from outside, in one place: its settings and the {@code
 * HERMES_*} environment variables that mirror them, the variables only a parent sets for a child,
 * the system properties it publishes, and the HTTP headers of its protocol. It also renders (and
 * recognises) the {@code -javaagent:} option given to child JVMs. Nothing else in the agent spells
 * one of these names: a test fails on a second site.
 *
 * <p>{@code Contract.envName("secretFile")} is {@code HERMES_SECRET_FILE}.
 */
public final class Contract {
  /** Every setting {@code -javaagent:hermes.jar=...} accepts, in the order the help lists them. */
  public static final List<String> SETTINGS =
      List.of(
          "port",
          "bind",
          "inject",
          "name",
          "parent",
          "jmx",
          "jmxInterval",
          "grace",
          "childMemory",
          "childResources",
          "secret",
          "secretFile",
          "tls",
          "tlsPassword",
          "probes",
          "alerts",
          "require",
          "children",
          "childrenFile",
          "pullInterval",
          "allowedHosts");

  /** Settings whose value is a file path (the {@code jmx} setting only when not on or off). */
  public static final List<String> FILE_SETTINGS =
      List.of("secretFile", "tls", "jmx", "probes", "alerts", "childrenFile");

  private static final String ENV_PREFIX = "HERMES_";

  /** The switch of the sampling of children's processes' CPU and memory at this parent. */
  public static final String CHILD_RESOURCES = "childResources";

  /** The setting of the memory budget for what children's keys take at this parent. */
  public static final String CHILD_MEMORY = "childMemory";

  /** The setting naming the probes file. */
  public static final String PROBES = "probes";

  /** The setting naming the alert rules file. */
  public static final String ALERTS = "alerts";

  /** The setting naming the children {@code /health/ready} requires. */
  public static final String REQUIRE = "require";

  /** The setting listing the children this parent pulls, {@code name=url} pairs. */
  public static final String CHILDREN = "children";

  /** The setting naming a file of children to pull, one {@code name=url} a line. */
  public static final String CHILDREN_FILE = "childrenFile";

  /** The setting of how often pulled children are pulled. */
  public static final String PULL_INTERVAL = "pullInterval";

  /** The options of a pulled child's entry: a CA file, or a pinned certificate. */
  public static final String PULL_CA = "ca";

  public static final String PULL_CERT = "cert";

  /** The setting naming the host names, beyond addresses and localhost, requests may be sent to. */
  public static final String ALLOWED_HOSTS = "allowedHosts";

  /** Settings a child does not inherit from its parent's environment (it may be given its own). */
  public static final List<String> OWN_ONLY =
      List.of(PROBES, ALERTS, REQUIRE, CHILDREN, CHILDREN_FILE);

  /** The parent's URL; a setting that a parent also writes into its children's environment. */
  public static final String ENV_PARENT = envName("parent");

  /** The name to join with; a parent drops an inherited one so that siblings never share it. */
  public static final String ENV_NAME = envName("name");

  /** The port to bind; a parent sets 0 for a child unless the spawner chose one. */
  public static final String ENV_PORT = envName("port");

  /** The shared secret, passed on to children that have none. */
  public static final String ENV_SECRET = envName("secret");

  /** The file holding the shared secret, passed on to children that have none. */
  public static final String ENV_SECRET_FILE = envName("secretFile");

  /** The one-time token with which a spawned child joins: set by a parent, not a setting. */
  public static final String ENV_TOKEN = ENV_PREFIX + "TOKEN";

  /** The parent's own ancestors' URLs, nearest first, comma-separated: where an orphan re-joins. */
  public static final String ENV_ANCESTORS = ENV_PREFIX + "ANCESTORS";

  /** A PEM file with the parent's certificate, which a child pins when the parent speaks HTTPS. */
  public static final String ENV_PARENT_CERT = ENV_PREFIX + "PARENT_CERT";

  /** System property set once per JVM to the agent's version, so a second copy does nothing. */
  public static final String MARKER_PROPERTY = "hermes.agent";

  /** The endpoint's URL: a system property for tools and child JVMs, and a key of the same name. */
  public static final String URL_PROPERTY = "hermes.url";

  /**
   * System property saying that the agent's store is there for the other copies of the api in the
   * JVM (a webapp's), from {@code HermesAgent.storeBridge()}; the api spells it too, in {@code
   * StoreBridge}. A string, as every system property must be for {@code Properties.list}.
   */
  public static final String STORE_BRIDGE_PROPERTY = "hermes.store.bridge";

  /** The value of {@link #STORE_BRIDGE_PROPERTY}: the version of the bridge's calls. */
  public static final String STORE_BRIDGE_VERSION = "1";

  /** System property that turns on debug lines (and stack traces) on stderr. */
  public static final String DEBUG_PROPERTY = "hermes.debug";

  /** The request header that carries the shared secret. */
  public static final String SECRET_HEADER = "Hermes-Secret";

  /** The request header that carries a joined child's session on {@code /hermes/update}. */
  public static final String SESSION_HEADER = "Hermes-Session";

  /** Where a child joins its parent: {@code POST} with a join request. */
  public static final String JOIN_PATH = "/hermes/join";

  /** Where a joined child pushes its changes: {@code POST} with its session header. */
  public static final String UPDATE_PATH = "/hermes/update";

  private static final String AGENT_OPTION = "-javaagent:";

  private Contract() {}

  /** The environment variable of a setting: {@code jmxInterval} is {@code HERMES_JMX_INTERVAL}. */
  public static String envName(String setting) {
    StringBuilder name = new StringBuilder(ENV_PREFIX);
    for (int i = 0; i < setting.length(); i++) {
      char c = setting.charAt(i);
      if (Character.isUpperCase(c)) {
        name.append('_');
      }
      name.append(Character.toUpperCase(c));
    }
    return name.toString();
  }

  /** Whether {@code value} of the {@code jmx} setting is a switch rather than a rules file. */
  public static boolean isJmxSwitch(String value) {
    return "on".equals(value) || "off".equals(value);
  }

  /** The option that gives a child JVM the agent: {@code -javaagent:/path/hermes.jar}. */
  public static String javaagentOption(Path agentJar) {
    return AGENT_OPTION + agentJar;
  }

  /**
   * The jar named by a {@code -javaagent:<jar>[=options]} launcher argument, or null when {@code
   * arg} is no such option.
   */
  public static String javaagentJar(String arg) {
    if (!arg.startsWith(AGENT_OPTION)) {
      return null;
    }
    String path = arg.substring(AGENT_OPTION.length());
    int eq = path.indexOf('=');
    return eq >= 0 ? path.substring(0, eq) : path;
  }
}
