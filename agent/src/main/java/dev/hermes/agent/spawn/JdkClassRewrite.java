package dev.hermes.agent.spawn;

import dev.hermes.agent.support.Log;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;

/**
 * Rewrites one class of the JDK's boot layer when it loads, for the hooks that hand Hermes what the
 * JDK does ({@code ProcessBuilder}, {@code ManagementFactory}). Compares class names only, so a JVM
 * whose code never loads the class never loads the bytecode library either; never fails the load. A
 * subclass (not a lambda: each one a JVM spins at start-up costs it memory) does the rewrite.
 */
public abstract class JdkClassRewrite implements ClassFileTransformer {
  private final String internalName;
  private final String missing;
  private final String failed;
  private volatile boolean seen;
  private volatile boolean done;

  /**
   * For the class {@code internalName} ({@code java/lang/ProcessBuilder}); {@code missing}: the
   * warning when this JDK's class lacks what is rewritten; {@code failed}: what is lost when the
   * rewrite throws.
   */
  protected JdkClassRewrite(String internalName, String missing, String failed) {
    this.internalName = internalName;
    this.missing = missing;
    this.failed = failed;
  }

  /** The class rewritten, or null when it lacks what is rewritten (an unknown JDK). */
  protected abstract byte[] rewrite(byte[] original);

  /**
   * Registers the transformer, or routes it through premain's {@code gate} (null when attached);
   * cheap enough for the JVM's first moments: it names no class. Not retransformation-capable: the
   * JVM keeps the bytes this returns at load, and reapplies them when another agent retransforms
   * the class, even after this is removed.
   */
  public final void register(Instrumentation inst, LoadGate gate) {
    if (gate == null) {
      inst.addTransformer(this, false);
    } else {
      gate.route(this);
    }
  }

  /**
   * Loads the class without initialising it, so that it is rewritten now if no one has loaded it,
   * then removes the transformer: while one is registered, the JVM copies the bytes of every class
   * it loads onto the heap for it, megabytes in a JVM's first seconds. With {@code
   * retransformEarlier}, a class loaded before the transformer was registered (an attached agent,
   * another agent's premain) is retransformed, and the transformer stays registered,
   * retransformation-capable, to be reapplied when someone else retransforms the class. Returns
   * whether the class is rewritten. Call off the premain thread.
   */
  public final boolean settle(Instrumentation inst, boolean retransformEarlier) {
    boolean keep = false;
    try {
      Class<?> c = Class.forName(internalName.replace('/', '.'), false, null);
      if (!seen && retransformEarlier) {
        inst.removeTransformer(this);
        inst.addTransformer(this, true);
        keep = true;
        inst.retransformClasses(c);
      }
    } catch (Exception | LinkageError e) {
      Log.error(failed, e);
    } finally {
      if (!keep) {
        inst.removeTransformer(this);
      }
    }
    return done;
  }

  @Override
  public final byte[] transform(
      ClassLoader loader,
      String className,
      Class<?> redefined,
      ProtectionDomain domain,
      byte[] bytes) {
    if (loader != null || !internalName.equals(className)) {
      return null;
    }
    seen = true;
    try {
      byte[] result = rewrite(bytes);
      if (result == null) {
        Log.warn(missing);
      }
      done = result != null;
      return result;
    } catch (Throwable t) {
      Log.error(failed, t);
      return null;
    }
  }
}
