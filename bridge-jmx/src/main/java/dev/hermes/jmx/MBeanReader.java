package dev.hermes.jmx;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.management.AttributeNotFoundException;
import javax.management.InstanceNotFoundException;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * Queries and reads user-mapped MBeans; each read runs on a helper daemon thread and is waited for
 * at most the read timeout. A read that times out is abandoned with its thread, and its MBean is
 * not asked again until that call returns, so one hung MBean holds one thread and costs only its
 * own keys.
 */
final class MBeanReader implements AutoCloseable {
  static final String THREAD_NAME = "hermes-jmx-read";

  private final MBeanServer server;
  private final long timeoutNanos;
  private final AtomicInteger threads = new AtomicInteger();
  // Touched by the sampling thread only: MBeans whose abandoned call has not returned yet.
  private final Map<ObjectName, AtomicBoolean> hung = new HashMap<>();
  private volatile ExecutorService executor;
  private volatile boolean closed;

  MBeanReader(MBeanServer server, long timeoutNanos) {
    this.server = server;
    this.timeoutNanos = timeoutNanos;
  }

  /** The registered MBeans matching {@code pattern}, sorted; queried afresh each call. */
  Set<ObjectName> names(ObjectName pattern) {
    return new TreeSet<>(server.queryNames(pattern, null));
  }

  /** Whether a call to {@code name} timed out and has not returned yet. */
  boolean isHung(ObjectName name) {
    AtomicBoolean returned = hung.get(name);
    if (returned != null && returned.get()) {
      hung.remove(name);
      return false;
    }
    return returned != null;
  }

  /** The attribute's value; null if the MBean went away meanwhile. */
  Object read(ObjectName name, String attribute) throws ReadFailure, InterruptedException {
    AtomicBoolean returned = new AtomicBoolean();
    ExecutorService current = executor();
    Future<Object> call;
    try {
      call = current.submit(() -> call(name, attribute, returned));
    } catch (RejectedExecutionException closedMeanwhile) {
      throw new InterruptedException("the JMX bridge is closed");
    }
    try {
      return call.get(timeoutNanos, TimeUnit.NANOSECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof ReadFailure) {
        throw (ReadFailure) e.getCause();
      }
      throw new ReadFailure("attribute [" + attribute + "] threw " + Problems.describe(e));
    } catch (TimeoutException e) {
      hung.put(name, returned);
      // Not shutdownNow: interrupting foreign MBean code is not ours to do; the thread ends
      // by itself when the call returns.
      current.shutdown();
      executor = null;
      throw new ReadFailure(
          "attribute ["
              + attribute
              + "] did not answer within "
              + TimeUnit.NANOSECONDS.toMillis(timeoutNanos)
              + " ms; this MBean is not asked again until that call returns");
    }
  }

  @Override
  public void close() {
    closed = true;
    ExecutorService current = executor;
    if (current != null) {
      current.shutdownNow();
    }
  }

  private Object call(ObjectName name, String attribute, AtomicBoolean returned) throws Exception {
    try {
      return server.getAttribute(name, attribute);
    } catch (InstanceNotFoundException gone) {
      return null;
    } catch (AttributeNotFoundException e) {
      throw new ReadFailure(
          "has no attribute [" + attribute + "]; use one of " + attributeNames(name));
    } finally {
      returned.set(true);
    }
  }

  private String attributeNames(ObjectName name) {
    try {
      TreeSet<String> names = new TreeSet<>();
      Arrays.stream(server.getMBeanInfo(name).getAttributes())
          .map(MBeanAttributeInfo::getName)
          .forEach(names::add);
      return names.toString();
    } catch (Exception e) {
      return "the attributes JConsole shows for it";
    }
  }

  private ExecutorService executor() throws InterruptedException {
    if (closed) {
      throw new InterruptedException("the JMX bridge is closed");
    }
    ExecutorService current = executor;
    if (current == null) {
      ThreadPoolExecutor pool =
          new ThreadPoolExecutor(
              1,
              1,
              30,
              TimeUnit.SECONDS,
              new LinkedBlockingQueue<>(),
              task -> {
                Thread t = new Thread(task, THREAD_NAME + "-" + threads.incrementAndGet());
                // A daemon, so that a hung MBean call never keeps the host JVM from exiting.
                t.setDaemon(true);
                return t;
              });
      // The thread ends when idle, so a pool left behind by a racing close() does not linger.
      pool.allowCoreThreadTimeOut(true);
      executor = current = pool;
    }
    return current;
  }
}
