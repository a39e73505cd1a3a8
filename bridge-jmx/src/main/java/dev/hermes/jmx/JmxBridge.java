package dev.hermes.jmx;

import dev.hermes.api.StatusStore;
import java.lang.management.ManagementFactory;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import javax.management.MBeanServer;

/**
 * Samples JVM figures and user-mapped MBean attributes into Hermes keys on its own daemon thread,
 * and shows the keys over JMX as {@code dev.hermes:type=Status}.
 *
 * <p>{@code JmxBridge bridge = JmxBridge.start(JmxSettings.builder().build()); ... bridge.close();}
 */
public final class JmxBridge implements AutoCloseable {
  static final String THREAD_NAME = "hermes-jmx";
  private static final long CLOSE_WAIT_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final JmxSettings settings;
  private final Problems problems;
  private final ReentrantLock lock = new ReentrantLock();
  private volatile boolean closed;
  private volatile ScheduledThreadPoolExecutor scheduler;
  // Guarded by lock; built by the first sample, on the sampling thread, not the caller's.
  private Sampler sampler;
  private MBeanServer statusServer;

  private JmxBridge(JmxSettings settings) {
    this.settings = settings;
    this.problems = new Problems(settings.errors());
    for (String correction : settings.corrections()) {
      problems.tell(correction);
    }
  }

  /**
   * Starts sampling on the daemon thread {@code hermes-jmx}, the first sample after the start delay
   * (none by default); never throws: problems go to the settings' error sink, one line each. Null
   * settings mean the defaults.
   */
  public static JmxBridge start(JmxSettings settings) {
    JmxBridge bridge = null;
    try {
      bridge = open(settings);
      bridge.schedule();
      return bridge;
    } catch (Throwable t) {
      if (bridge == null) {
        return new JmxBridge(
            JmxSettings.builder().defaults(false).registerStatusMBean(false).build());
      }
      bridge.problems.tell("JMX bridge did not start: " + Problems.describe(t));
      return bridge;
    }
  }

  /**
   * Registers {@code dev.hermes:type=Status} for the global store on {@code server}, for an agent
   * that waits for someone else to create the platform MBeanServer rather than creating it itself;
   * never throws: a refusal is one line to {@code errors}. Returns whether it was registered.
   */
  public static boolean showStatus(MBeanServer server, Consumer<String> errors) {
    try {
      return StatusMBean.register(server, StatusStore.global(), new Problems(errors));
    } catch (Throwable t) {
      errors.accept(
          "JMX MBean " + StatusMBean.NAME + " was not registered: " + Problems.describe(t));
      return false;
    }
  }

  /** A bridge that samples only when {@link #sampleNow()} is called. */
  static JmxBridge open(JmxSettings settings) {
    return new JmxBridge(settings != null ? settings : JmxSettings.builder().build());
  }

  /** Takes one sample on the calling thread, after any sample under way. */
  void sampleNow() {
    lock.lock();
    try {
      if (closed) {
        return;
      }
      if (sampler == null) {
        sampler = assemble();
      }
      sampler.sample();
    } catch (InterruptedException closing) {
      Thread.currentThread().interrupt();
    } catch (Throwable t) {
      // Kept going: the next interval tries again, and the keys of this one expire by TTL.
      problems.once("sample", "JMX sample failed: " + Problems.describe(t));
    } finally {
      lock.unlock();
    }
  }

  /** Stops the thread, unregisters the Status MBean and removes the keys written; never throws. */
  @Override
  public void close() {
    closed = true;
    try {
      ScheduledThreadPoolExecutor running = scheduler;
      if (running != null) {
        // Interrupts a sample waiting on a slow MBean, so that close does not wait for it.
        running.shutdownNow();
      }
      // A sample under way is waiting on at most one read; past that, its keys expire by TTL.
      long wait = Math.min(JmxSettings.saturatedNanos(settings.readTimeout()), CLOSE_WAIT_NANOS);
      if (!lock.tryLock(wait + CLOSE_WAIT_NANOS, TimeUnit.NANOSECONDS)) {
        problems.tell("JMX bridge: a sample is still busy; its keys expire by their TTL");
        return;
      }
      try {
        if (sampler != null) {
          sampler.close();
          sampler = null;
        }
        if (statusServer != null) {
          StatusMBean.unregister(statusServer, problems);
          statusServer = null;
        }
      } finally {
        lock.unlock();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Throwable t) {
      problems.tell("JMX bridge did not close cleanly: " + Problems.describe(t));
    }
  }

  private void schedule() {
    ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, new Daemon());
    executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    scheduler = executor;
    long interval = JmxSettings.saturatedNanos(settings.interval());
    long delay = JmxSettings.saturatedNanos(settings.startDelay());
    executor.scheduleWithFixedDelay(new Sampling(this), delay, interval, TimeUnit.NANOSECONDS);
  }

  // Classes rather than lambdas: each lambda a JVM spins in its first seconds costs it memory.

  /** The sampling thread: a daemon, as sampling must never keep the host JVM from exiting. */
  private static final class Daemon implements ThreadFactory {
    @Override
    public Thread newThread(Runnable task) {
      Thread thread = new Thread(task, THREAD_NAME);
      thread.setDaemon(true);
      return thread;
    }
  }

  private static final class Sampling implements Runnable {
    private final JmxBridge bridge;

    Sampling(JmxBridge bridge) {
      this.bridge = bridge;
    }

    @Override
    public void run() {
      bridge.sampleNow();
    }
  }

  private Sampler assemble() {
    MBeanServer server = null;
    if (settings.rules() != null || settings.registerStatusMBean()) {
      server =
          settings.mbeanServer() != null
              ? settings.mbeanServer()
              : ManagementFactory.getPlatformMBeanServer();
    }
    if (settings.registerStatusMBean()
        && StatusMBean.register(server, settings.store(), problems)) {
      statusServer = server;
    }
    return SamplerFactory.create(settings, problems, server);
  }
}
