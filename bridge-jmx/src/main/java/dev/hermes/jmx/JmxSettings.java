package dev.hermes.jmx;

import dev.hermes.api.StatusStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import javax.management.MBeanServer;

/**
 * What the JMX bridge reads, how often, and where it writes and reports problems.
 *
 * <p>{@code JmxSettings.builder().rules(Path.of("jmx.rules")).interval(Duration.ofSeconds(5))
 * .errors(line -> log("[hermes] " + line)).build()}
 */
public final class JmxSettings {
  static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(5);
  static final Duration MIN_INTERVAL = Duration.ofMillis(100);
  static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(1);

  /** Keys live this many intervals, so a stalled sampler's keys expire rather than lie. */
  static final int TTL_INTERVALS = 3;

  private final boolean defaults;
  private final Path rules;
  private final Duration interval;
  private final Duration readTimeout;
  private final Duration startDelay;
  private final Consumer<String> errors;
  private final MBeanServer mbeanServer;
  private final StatusStore store;
  private final boolean registerStatusMBean;
  private final List<String> corrections = new ArrayList<>();

  private JmxSettings(Builder builder) {
    this.defaults = builder.defaults;
    this.rules = builder.rules;
    this.errors = builder.errors != null ? builder.errors : line -> {};
    this.mbeanServer = builder.mbeanServer;
    this.store = builder.store != null ? builder.store : StatusStore.global();
    this.registerStatusMBean = builder.registerStatusMBean;
    Duration wanted = builder.interval;
    if (wanted == null || wanted.isZero() || wanted.isNegative()) {
      this.interval = DEFAULT_INTERVAL;
      corrections.add("JMX interval [" + wanted + "] is not positive; using " + interval);
    } else if (wanted.compareTo(MIN_INTERVAL) < 0) {
      this.interval = MIN_INTERVAL;
      corrections.add("JMX interval [" + wanted + "] is below " + MIN_INTERVAL + "; using it");
    } else {
      this.interval = wanted;
    }
    if (builder.readTimeout == null
        || builder.readTimeout.isZero()
        || builder.readTimeout.isNegative()) {
      this.readTimeout = DEFAULT_READ_TIMEOUT;
      corrections.add(
          "JMX read timeout [" + builder.readTimeout + "] is not positive; using " + readTimeout);
    } else {
      this.readTimeout = builder.readTimeout;
    }
    if (builder.startDelay == null || builder.startDelay.isNegative()) {
      this.startDelay = Duration.ZERO;
      corrections.add("JMX start delay [" + builder.startDelay + "] is not 0 or more; using 0");
    } else {
      this.startDelay = builder.startDelay;
    }
  }

  /** A builder with the defaults: JVM keys on, no rules, every 5 s, the global store. */
  public static Builder builder() {
    return new Builder();
  }

  boolean defaults() {
    return defaults;
  }

  Path rules() {
    return rules;
  }

  Duration interval() {
    return interval;
  }

  Duration readTimeout() {
    return readTimeout;
  }

  Duration startDelay() {
    return startDelay;
  }

  long ttlNanos() {
    long intervalNanos = saturatedNanos(interval);
    return intervalNanos > Long.MAX_VALUE / TTL_INTERVALS
        ? Long.MAX_VALUE
        : intervalNanos * TTL_INTERVALS;
  }

  Consumer<String> errors() {
    return errors;
  }

  /** The MBeanServer asked for; null for the platform one, looked up only when needed. */
  MBeanServer mbeanServer() {
    return mbeanServer;
  }

  StatusStore store() {
    return store;
  }

  boolean registerStatusMBean() {
    return registerStatusMBean;
  }

  /** The settings that were out of range and replaced, one line each. */
  List<String> corrections() {
    return List.copyOf(corrections);
  }

  static long saturatedNanos(Duration duration) {
    try {
      return duration.toNanos();
    } catch (ArithmeticException tooLong) {
      return Long.MAX_VALUE;
    }
  }

  /** Builds {@link JmxSettings}: {@code JmxSettings.builder().defaults(false).build()}. */
  public static final class Builder {
    private boolean defaults = true;
    private Path rules;
    private Duration interval = DEFAULT_INTERVAL;
    private Duration readTimeout = DEFAULT_READ_TIMEOUT;
    private Duration startDelay = Duration.ZERO;
    private Consumer<String> errors;
    private MBeanServer mbeanServer;
    private StatusStore store;
    private boolean registerStatusMBean = true;

    private Builder() {}

    /**
     * Whether the {@code jvm.}, {@code process.} and {@code os.} keys are sampled; on by default.
     */
    public Builder defaults(boolean sampled) {
      this.defaults = sampled;
      return this;
    }

    /** The rules file mapping MBean attributes to keys; null (the default) for none. */
    public Builder rules(Path file) {
      this.rules = file;
      return this;
    }

    /** How long between samples; 5 s by default, at least 100 ms. Keys live 3 intervals. */
    public Builder interval(Duration interval) {
      this.interval = interval;
      return this;
    }

    /** How long one user-mapped attribute read may take before it is abandoned; 1 s by default. */
    public Builder readTimeout(Duration timeout) {
      this.readTimeout = timeout;
      return this;
    }

    /**
     * How long after {@link JmxBridge#start} the first sample runs; 0 by default. The first sample
     * is what first touches the platform MBeanServer, which initialises {@code java.util.logging}.
     */
    public Builder startDelay(Duration delay) {
      this.startDelay = delay;
      return this;
    }

    /** Where problems go, one line each, without prefix; by default nowhere. */
    public Builder errors(Consumer<String> sink) {
      this.errors = sink;
      return this;
    }

    /** The MBeanServer the rules read and the Status MBean joins; the platform one by default. */
    public Builder mbeanServer(MBeanServer server) {
      this.mbeanServer = server;
      return this;
    }

    /** The store the keys are written to; {@link StatusStore#global()} by default. */
    public Builder store(StatusStore store) {
      this.store = store;
      return this;
    }

    /** Whether to register the read-only MBean {@code dev.hermes:type=Status}; on by default. */
    public Builder registerStatusMBean(boolean registered) {
      this.registerStatusMBean = registered;
      return this;
    }

    /** The settings; never throws: values out of range are replaced and reported at start. */
    public JmxSettings build() {
      return new JmxSettings(this);
    }
  }
}
