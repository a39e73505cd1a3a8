package dev.hermes.agent.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The agent's settings, from {@code -javaagent:hermes.jar=port=9091,bind=127.0.0.1} and {@code
 * HERMES_*} environment variables (the argument wins).
 *
 * <p>{@code AgentConfig config = AgentArgs.parse("port=0", System.getenv());} Names of settings and
 * variables are {@link Contract}'s.
 */
public final class AgentConfig {
  /** The least memory budget for children that {@code childMemory=} may set: 1 MiB. */
  public static final long MIN_CHILD_MEMORY = 1L << 20;

  private final String bind;
  private final int port;
  private final boolean portExplicit;
  private final boolean inject;
  private final String name;
  private final URI parent;
  private final String token;
  private final String jmx;
  private final Duration grace;
  private final long childMemory;
  private final boolean childResources;
  private final Duration jmxInterval;
  private final String secret;
  private final Path secretFile;
  private final Path tls;
  private final String tlsPassword;
  private final String ancestors;
  private final Path parentCert;
  private final Path probes;
  private final Path alerts;
  private final List<String> require;
  private final List<PulledChild> children;
  private final Path childrenFile;
  private final Duration pullInterval;
  private final List<String> allowedHosts;

  private AgentConfig(Builder b) {
    this.bind = b.bind;
    this.port = b.port;
    this.portExplicit = b.portExplicit;
    this.inject = b.inject;
    this.name = b.name;
    this.parent = b.parent;
    this.token = b.token;
    this.jmx = b.jmx;
    this.grace = b.grace;
    this.childMemory =
        b.childMemory > 0 ? b.childMemory : defaultChildMemory(Runtime.getRuntime().maxMemory());
    this.childResources = b.childResources;
    this.jmxInterval = b.jmxInterval;
    this.secret = b.secret;
    this.secretFile = b.secretFile;
    this.tls = b.tls;
    this.tlsPassword = b.tlsPassword;
    this.ancestors = b.ancestors;
    this.parentCert = b.parentCert;
    this.probes = b.probes;
    this.alerts = b.alerts;
    this.require = b.require;
    this.children = b.children;
    this.childrenFile = b.childrenFile;
    this.pullInterval = b.pullInterval;
    this.allowedHosts = b.allowedHosts;
  }

  static Builder builder() {
    return new Builder();
  }

  /** The address the endpoint binds, {@code 127.0.0.1} by default. */
  public String bind() {
    return bind;
  }

  /** The port the endpoint binds; 0 for an ephemeral one. */
  public int port() {
    return port;
  }

  /**
   * Whether the port was chosen ({@code port=}, its variable, or a parent's 0 for a child) rather
   * than left at the default 9091: only the default gives way to a free port when it is taken.
   */
  public boolean portExplicit() {
    return portExplicit;
  }

  /** This configuration on an ephemeral port, chosen explicitly. */
  public AgentConfig withFreePort() {
    Builder b = toBuilder();
    b.port = 0;
    b.portExplicit = true;
    return b.build();
  }

  /**
   * Whether this parent samples its children's processes' CPU and memory ({@code childResources=},
   * on by default).
   */
  public boolean childResources() {
    return childResources;
  }

  /** Whether child JVMs get the agent. */
  public boolean inject() {
    return inject;
  }

  /** The name this JVM asks its parent for, or null to derive one. */
  public String name() {
    return name;
  }

  /** The parent's endpoint to join, or null for a root. */
  public URI parent() {
    return parent;
  }

  /** The one-time token the parent gave this JVM, or null. */
  public String token() {
    return token;
  }

  /** {@code on}, {@code off}, or the path of a JMX rules file. */
  public String jmx() {
    return jmx;
  }

  /** How long an exited child's keys stay before they go. */
  public Duration grace() {
    return grace;
  }

  /**
   * The memory budget, in bytes, for what this JVM's children's keys take here ({@code
   * childMemory=}); by default {@link #defaultChildMemory} of this JVM's heap.
   */
  public long childMemory() {
    return childMemory;
  }

  /**
   * The default memory budget for children in a JVM whose heap may grow to {@code maxHeap} bytes:
   * 5% of it, at least 4 MiB (a small heap still holds a few children's worth of keys), at most 256
   * MiB (a large heap is not there for status).
   */
  public static long defaultChildMemory(long maxHeap) {
    return Math.max(4L << 20, Math.min(256L << 20, maxHeap / 20));
  }

  /** How often the JMX bridge samples. */
  public Duration jmxInterval() {
    return jmxInterval;
  }

  /** The shared secret that requests must carry in {@code Hermes-Secret}, or null for none. */
  public String secret() {
    return secret;
  }

  /** The file the secret was read from, or null when it came from {@code secret=}. */
  public Path secretFile() {
    return secretFile;
  }

  /** The PKCS#12 or PEM file to serve HTTPS from, or null for plain HTTP. */
  public Path tls() {
    return tls;
  }

  /** The password of the {@link #tls()} keystore, or null. */
  public String tlsPassword() {
    return tlsPassword;
  }

  /** The parent's own ancestors, nearest first, comma-separated; null at the top. */
  public String ancestors() {
    return ancestors;
  }

  /** The parent's certificate (PEM) to trust when the parent speaks HTTPS, or null. */
  public Path parentCert() {
    return parentCert;
  }

  /** The probes file ({@code probes=}), or null for none. */
  public Path probes() {
    return probes;
  }

  /** The alert rules file ({@code alerts=}), or null for none. */
  public Path alerts() {
    return alerts;
  }

  /** The children {@code /health/ready} requires: names or {@code *} patterns; empty for none. */
  public List<String> require() {
    return require;
  }

  /** The children this parent pulls ({@code children=}); empty for none. */
  public List<PulledChild> children() {
    return children;
  }

  /** The file listing children to pull ({@code childrenFile=}), or null for none. */
  public Path childrenFile() {
    return childrenFile;
  }

  /** How often pulled children are pulled ({@code pullInterval=}, 5 s by default). */
  public Duration pullInterval() {
    return pullInterval;
  }

  /** Whether this parent pulls children: {@code children=} or {@code childrenFile=} is set. */
  public boolean pulls() {
    return !children.isEmpty() || childrenFile != null;
  }

  /**
   * The host names ({@code allowedHosts=}, lower case) that a request's {@code Host} may name
   * beyond IP addresses, {@code localhost} and the bound name; empty for none.
   */
  public List<String> allowedHosts() {
    return allowedHosts;
  }

  /** This configuration bound to {@code address} instead. */
  public AgentConfig withBind(String address) {
    Builder b = toBuilder();
    b.bind = address;
    return b.build();
  }

  private Builder toBuilder() {
    Builder b = new Builder();
    b.bind = bind;
    b.port = port;
    b.portExplicit = portExplicit;
    b.inject = inject;
    b.name = name;
    b.parent = parent;
    b.token = token;
    b.jmx = jmx;
    b.grace = grace;
    b.childMemory = childMemory;
    b.childResources = childResources;
    b.jmxInterval = jmxInterval;
    b.secret = secret;
    b.secretFile = secretFile;
    b.tls = tls;
    b.tlsPassword = tlsPassword;
    b.ancestors = ancestors;
    b.parentCert = parentCert;
    b.probes = probes;
    b.alerts = alerts;
    b.require = require;
    b.children = children;
    b.childrenFile = childrenFile;
    b.pullInterval = pullInterval;
    b.allowedHosts = allowedHosts;
    return b;
  }

  /** Whether the JMX bridge runs: {@code jmx=} is on or a rules file. */
  public boolean jmxEnabled() {
    return !"off".equals(jmx);
  }

  /** The JMX rules file, or null when {@link #jmx()} is on or off. */
  public Path jmxRules() {
    return Contract.isJmxSwitch(jmx) ? null : Path.of(jmx);
  }

  static final class Builder {
    String bind = "127.0.0.1";
    int port = 9091;
    boolean portExplicit;
    boolean inject = true;
    String name;
    URI parent;
    String token;
    String jmx = "on";
    Duration grace = Duration.ofSeconds(10);
    long childMemory;
    boolean childResources = true;
    Duration jmxInterval = Duration.ofSeconds(5);
    String secret;
    Path secretFile;
    Path tls;
    String tlsPassword;
    String ancestors;
    Path parentCert;
    Path probes;
    Path alerts;
    List<String> require = List.of();
    List<PulledChild> children = List.of();
    Path childrenFile;
    Duration pullInterval = Duration.ofSeconds(5);
    List<String> allowedHosts = List.of();

    AgentConfig build() {
      return new AgentConfig(this);
    }
  }
}
