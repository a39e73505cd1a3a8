package dev.hermes.agent.spawn;

import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;

/**
 * The one transformer {@code premain} registers, so that {@code premain} can return at once and the
 * host's {@code main} begin while {@code hermes-start} reads the settings and makes the hooks: the
 * load of a JDK class Hermes may rewrite ({@code ProcessBuilder}, {@code ManagementFactory}) by any
 * other thread is held back until {@code hermes-start} has {@link #open opened} the gate, then
 * handed to the rewrites {@link #route routed} here (none when the settings turn them off). Held at
 * most {@code holdMillis}: past that the class goes through what is routed by then (nothing, if the
 * settings are not read yet: it loads as it is, and the spawn rewrite's {@code settle} retransforms
 * it). Not under a SecurityManager, whose policy may forbid the exit wait: premain then decides
 * itself. As a shutdown hook ({@link #run}) it holds back a JVM that exits before the settings are
 * read, briefly, so that a bad setting is still {@link #said}.
 *
 * <p>Uses only classes already loaded when it is registered: it runs inside every class load.
 */
public final class LoadGate implements ClassFileTransformer, Runnable {
  // The internal names of the classes rewritten (ProcessBuilderRewriter.CLASS,
  // ManagementFactoryRewriter.CLASS); literals, so that premain loads neither.
  private static final String PROCESS_BUILDER = "java/lang/ProcessBuilder";
  private static final String MANAGEMENT_FACTORY = "java/lang/management/ManagementFactory";
  private static final JdkClassRewrite[] NO_ROUTES = new JdkClassRewrite[0];

  private final Thread opener;
  private final long holdMillis;
  private final long exitMillis;
  private boolean said; // guarded by this
  private boolean open; // guarded by this
  private volatile JdkClassRewrite[] routes = NO_ROUTES;

  /**
   * A closed gate that {@code opener} opens and is never held back by; a load waits at most {@code
   * holdMillis}, an exit {@code exitMillis}.
   */
  public LoadGate(Thread opener, long holdMillis, long exitMillis) {
    this.opener = opener;
    this.holdMillis = holdMillis;
    this.exitMillis = exitMillis;
  }

  /** Before {@link #open}: {@code rewrite} receives the loads of its class through this gate. */
  public synchronized void route(JdkClassRewrite rewrite) {
    JdkClassRewrite[] more = new JdkClassRewrite[routes.length + 1];
    System.arraycopy(routes, 0, more, 0, routes.length);
    more[routes.length] = rewrite;
    routes = more;
  }

  /** The settings are read and what they had to say is said: an exit need wait no longer. */
  public synchronized void said() {
    said = true;
    notifyAll();
  }

  /** The decision is made: what was held back goes on, through the routed rewrites. */
  public synchronized void open() {
    said = true;
    open = true;
    notifyAll();
  }

  /** Whether {@link #open} was called. */
  public synchronized boolean isOpen() {
    return open;
  }

  /**
   * Waits until {@link #open}, at most {@code millis}; returns whether it is open. An interrupt
   * ends the wait and is kept for its thread's owner.
   */
  public boolean awaitOpen(long millis) {
    return await(true, millis);
  }

  private boolean await(boolean toOpen, long millis) {
    if (Thread.currentThread() == opener) {
      return isOpen(); // the opener waiting for itself would wait in vain
    }
    long deadline = System.nanoTime() + millis * 1_000_000L;
    synchronized (this) {
      while (toOpen ? !open : !said) {
        long left = (deadline - System.nanoTime()) / 1_000_000L;
        if (left <= 0) {
          return false;
        }
        try {
          wait(left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
      return true;
    }
  }

  /** The shutdown hook: an exit before {@link #said} waits for it, at most {@code exitMillis}. */
  @Override
  public void run() {
    await(false, exitMillis);
  }

  @Override
  public byte[] transform(
      ClassLoader loader,
      String className,
      Class<?> redefined,
      ProtectionDomain domain,
      byte[] bytes) {
    if (loader != null
        || !(PROCESS_BUILDER.equals(className) || MANAGEMENT_FACTORY.equals(className))) {
      return null;
    }
    awaitOpen(holdMillis);
    for (JdkClassRewrite rewrite : routes) {
      byte[] rewritten = rewrite.transform(loader, className, redefined, domain, bytes);
      if (rewritten != null) {
        return rewritten;
      }
    }
    return null;
  }
}
