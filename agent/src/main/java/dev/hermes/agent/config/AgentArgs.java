package dev.hermes.agent.config;

import dev.hermes.agent.support.Log;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Parses {@code key=value,key=value} agent arguments and the matching {@code HERMES_KEY}
 * environment variables into an {@link AgentConfig}; the argument wins over the environment.
 */
public final class AgentArgs {
  private AgentArgs() {}

  /** The configuration from {@code args} (may be null) over {@code env}; the argument wins. */
  public static AgentConfig parse(String args, Map<String, String> env) throws ConfigException {
    Map<String, String> values = new LinkedHashMap<>();
    for (String setting : Contract.SETTINGS) {
      String fromEnv = env.get(Contract.envName(setting));
      if (fromEnv != null && !fromEnv.isEmpty()) {
        values.put(setting, fromEnv.trim());
      }
    }
    for (Map.Entry<String, String> setting : Options.parse(args)) {
      values.put(setting.getKey(), setting.getValue());
    }
    String token = env.get(Contract.ENV_TOKEN);
    String ancestors = env.get(Contract.ENV_ANCESTORS);
    String parentCert = env.get(Contract.ENV_PARENT_CERT);

    AgentConfig.Builder b = AgentConfig.builder();
    if (values.containsKey("parent")) {
      b.parent = parseParent(values.get("parent"));
      b.token = token;
      b.ancestors = ancestors == null || ancestors.isBlank() ? null : ancestors;
      b.parentCert = parentCert == null || parentCert.isBlank() ? null : Path.of(parentCert);
      // A child binds an ephemeral port unless told otherwise: siblings must never clash on 9091.
      b.port = 0;
      b.portExplicit = true;
    }
    if (values.containsKey("port")) {
      b.port = parsePort(values.get("port"));
      b.portExplicit = true;
    }
    if (values.containsKey("bind")) {
      b.bind = values.get("bind");
    }
    if (values.containsKey("inject")) {
      b.inject = parseSwitch("inject", values.get("inject"));
    }
    if (values.containsKey("name")) {
      b.name = parseName(values.get("name"));
    }
    if (values.containsKey("grace")) {
      b.grace = parseSeconds("grace", values.get("grace"));
    }
    if (values.containsKey(Contract.CHILD_MEMORY)) {
      b.childMemory =
          parseChildMemory(values.get(Contract.CHILD_MEMORY), Runtime.getRuntime().maxMemory());
    }
    if (values.containsKey(Contract.CHILD_RESOURCES)) {
      b.childResources =
          parseSwitch(Contract.CHILD_RESOURCES, values.get(Contract.CHILD_RESOURCES));
    }
    if (values.containsKey("jmxInterval")) {
      b.jmxInterval = parseSeconds("jmxInterval", values.get("jmxInterval"));
      if (b.jmxInterval.toMillis() < 100) {
        throw new ConfigException(
            "invalid jmxInterval [" + values.get("jmxInterval") + "]: use 0.1 seconds or more");
      }
    }
    if (values.containsKey("secretFile")) {
      b.secretFile = Path.of(values.get("secretFile"));
      b.secret = readSecret(b.secretFile);
    } else if (values.containsKey("secret")) {
      b.secret = values.get("secret");
      if (b.secret.isEmpty()) {
        throw new ConfigException("invalid secret: it is empty; use secretFile= for a file");
      }
    }
    if (values.containsKey("tls")) {
      b.tls = Path.of(values.get("tls"));
      b.tlsPassword = values.get("tlsPassword");
    }
    if (values.containsKey("jmx")) {
      b.jmx = values.get("jmx");
    }
    if (values.containsKey(Contract.PROBES)) {
      b.probes = Path.of(values.get(Contract.PROBES));
    }
    if (values.containsKey(Contract.ALERTS)) {
      b.alerts = Path.of(values.get(Contract.ALERTS));
    }
    if (values.containsKey(Contract.REQUIRE)) {
      b.require = parseRequire(values.get(Contract.REQUIRE));
    }
    if (values.containsKey(Contract.CHILDREN)) {
      b.children = PulledChild.parseList(values.get(Contract.CHILDREN));
    }
    if (values.containsKey(Contract.CHILDREN_FILE)) {
      b.childrenFile = Path.of(values.get(Contract.CHILDREN_FILE));
    }
    if (values.containsKey(Contract.PULL_INTERVAL)) {
      b.pullInterval = parseSeconds(Contract.PULL_INTERVAL, values.get(Contract.PULL_INTERVAL));
      if (b.pullInterval.toMillis() < PulledChild.MIN_INTERVAL_MILLIS) {
        throw new ConfigException(
            "invalid "
                + Contract.PULL_INTERVAL
                + " ["
                + values.get(Contract.PULL_INTERVAL)
                + "]: use 0.5 seconds or more, e.g. 5");
      }
    }
    if (values.containsKey(Contract.ALLOWED_HOSTS)) {
      b.allowedHosts = parseAllowedHosts(values.get(Contract.ALLOWED_HOSTS));
    }
    return b.build();
  }

  private static int parsePort(String value) throws ConfigException {
    try {
      int port = Integer.parseInt(value);
      if (port >= 0 && port <= 65535) {
        return port;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new ConfigException(
        "invalid port [" + value + "]: use a number from 0 to 65535 (0 picks a free port)");
  }

  private static String readSecret(Path file) throws ConfigException {
    try {
      String secret = Files.readString(file, StandardCharsets.UTF_8).trim();
      if (!secret.isEmpty()) {
        return secret;
      }
    } catch (IOException | RuntimeException e) {
      throw new ConfigException("cannot read secretFile [" + file + "]: " + Log.describe(e));
    }
    throw new ConfigException("secretFile [" + file + "] is empty; put the secret in it");
  }

  private static Duration parseSeconds(String setting, String value) throws ConfigException {
    try {
      double seconds =
          Double.parseDouble(value.endsWith("s") ? value.substring(0, value.length() - 1) : value);
      if (seconds >= 0 && seconds <= 86_400) {
        return Duration.ofNanos((long) (seconds * 1e9));
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new ConfigException(
        "invalid " + setting + " [" + value + "]: use seconds from 0 to 86400, e.g. 10 or 2.5s");
  }

  /**
   * A size in bytes: {@code 64m}, {@code 512k}, {@code 1g} (binary units, any case) or plain bytes,
   * or a share of {@code maxHeap}, {@code 10%}; at least 1 MiB.
   */
  static long parseChildMemory(String value, long maxHeap) throws ConfigException {
    String v = value.trim().toLowerCase(Locale.ROOT);
    long bytes = -1;
    try {
      if (v.endsWith("%")) {
        double percent = Double.parseDouble(v.substring(0, v.length() - 1));
        if (percent > 0 && percent <= 100) {
          bytes = (long) (maxHeap * percent / 100);
        }
      } else {
        long unit = 1;
        char last = v.isEmpty() ? ' ' : v.charAt(v.length() - 1);
        if (last == 'k' || last == 'm' || last == 'g') {
          unit = last == 'k' ? 1L << 10 : last == 'm' ? 1L << 20 : 1L << 30;
          v = v.substring(0, v.length() - 1);
        }
        long n = Long.parseLong(v);
        if (n > 0 && n <= Long.MAX_VALUE / unit) {
          bytes = n * unit;
        }
      }
    } catch (NumberFormatException e) {
      // said below
    }
    if (bytes < AgentConfig.MIN_CHILD_MEMORY) {
      throw new ConfigException(
          "invalid "
              + Contract.CHILD_MEMORY
              + " ["
              + value
              + "]: use a size of at least 1m, e.g. 64m or 1g, or a share of the heap, e.g. 10%");
    }
    return bytes;
  }

  private static boolean parseSwitch(String setting, String value) throws ConfigException {
    switch (value.toLowerCase(Locale.ROOT)) {
      case "on":
      case "true":
        return true;
      case "off":
      case "false":
        return false;
      default:
        throw new ConfigException("invalid " + setting + " [" + value + "]: use on or off");
    }
  }

  private static String parseName(String value) throws ConfigException {
    if (!dev.hermes.api.Keys.isValid(value)) {
      throw new ConfigException(
          "invalid name [" + value + "]: use letters, digits, '_' and '.', e.g. worker1");
    }
    return value;
  }

  // Separated by '|' or ',' (a ',' ends the setting in the agent argument, so there use '|').
  static List<String> parseRequire(String value) throws ConfigException {
    List<String> patterns = new ArrayList<>();
    for (String part : value.split("[|,]")) {
      String p = part.trim();
      if (p.isEmpty()) {
        continue;
      }
      if (!dev.hermes.api.Keys.isValid(p.replace('*', 'x'))) {
        throw new ConfigException(
            "invalid "
                + Contract.REQUIRE
                + " ["
                + value
                + "]: use child names or patterns with '*', separated by '|',"
                + " e.g. worker1|worker2 or worker*");
      }
      patterns.add(p);
    }
    return List.copyOf(patterns);
  }

  // Host names, separated by '|' or ',' as in require; kept in lower case (DNS names ignore case).
  static List<String> parseAllowedHosts(String value) throws ConfigException {
    List<String> names = new ArrayList<>();
    for (String part : value.split("[|,]")) {
      String name = part.trim().toLowerCase(Locale.ROOT);
      if (name.isEmpty()) {
        continue;
      }
      if (!name.matches("[a-z0-9]([a-z0-9_.-]*[a-z0-9])?")) {
        throw new ConfigException(
            "invalid "
                + Contract.ALLOWED_HOSTS
                + " ["
                + value
                + "]: use host names without port or scheme, separated by '|',"
                + " e.g. status.internal|myhost");
      }
      names.add(name);
    }
    return List.copyOf(names);
  }

  private static URI parseParent(String value) throws ConfigException {
    try {
      URI uri = new URI(value);
      if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
          && uri.getHost() != null) {
        return uri;
      }
    } catch (URISyntaxException e) {
      // reported below
    }
    throw new ConfigException(
        "invalid parent [" + value + "]: use the parent's URL, e.g. http://127.0.0.1:9091");
  }
}
