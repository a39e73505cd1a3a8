package dev.hermes.agent.support;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The agent's threads: all daemons (the agent never keeps a JVM alive), all named {@code hermes-*}
 * so that a thread dump tells them from the host's.
 *
 * <p>{@code Daemons.start("hermes-push", link);}
 */
public final class Daemons {
  private Daemons() {}

  /** A daemon thread named {@code name}, not yet started. */
  public static Thread thread(String name, Runnable task) {
    Thread t = new Thread(task, name);
    t.setDaemon(true);
    return t;
  }

  /** Starts {@code task} on a new daemon thread named {@code name}. */
  public static Thread start(String name, Runnable task) {
    Thread t = thread(name, task);
    t.start();
    return t;
  }

  /** A factory of daemon threads named {@code name}, or {@code name-1}, {@code name-2}... */
  public static ThreadFactory factory(String name, boolean numbered) {
    return new Factory(name, numbered);
  }

  private static final class Factory implements ThreadFactory {
    private final String name;
    private final boolean numbered;
    private final AtomicInteger count = new AtomicInteger();

    Factory(String name, boolean numbered) {
      this.name = name;
      this.numbered = numbered;
    }

    @Override
    public Thread newThread(Runnable r) {
      return thread(numbered ? name + "-" + count.incrementAndGet() : name, r);
    }
  }
}
