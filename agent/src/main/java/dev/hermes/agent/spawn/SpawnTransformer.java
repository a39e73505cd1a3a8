package dev.hermes.agent.spawn;

import dev.hermes.agent.support.Log;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;

/**
 * Compares class names only, so a JVM that never starts a process never loads ASM; the rewrite
 * happens when {@code ProcessBuilder} loads (or at once, if it already has).
 */
public final class SpawnTransformer implements ClassFileTransformer {
  private SpawnTransformer() {}

  private static final String NAME = "java.lang.ProcessBuilder";
  private volatile boolean rewritten;

  /**
   * Registers the transformer; cheap enough for {@code premain}: it names no class, so {@code
   * ProcessBuilder} loads only when the application first needs it.
   */
  public static SpawnTransformer install(Instrumentation inst) {
    SpawnTransformer transformer = new SpawnTransformer();
    // Not retransformation-capable: the JVM keeps the bytes this returns at load, and reapplies
    // them when another agent retransforms ProcessBuilder, even after this is removed.
    inst.addTransformer(transformer, false);
    return transformer;
  }

  /**
   * Rewrites ProcessBuilder now, loading it if no one has (or retransforming it if it was loaded
   * before the transformer was registered: an attached agent, or another agent's premain), then
   * removes the transformer: while one is registered, the JVM copies the bytes of every class it
   * loads onto the heap for it, megabytes in a JVM's first seconds. Call off the premain thread.
   */
  public void settle(Instrumentation inst) {
    boolean keep = false;
    try {
      Class<?> c = Class.forName(NAME, false, null);
      if (!rewritten) {
        // Loaded before this transformer (an attached agent, another agent's premain): only a
        // retransformation-capable transformer can rewrite it now, and it must stay registered
        // to be reapplied when someone else retransforms the class.
        inst.removeTransformer(this);
        inst.addTransformer(this, true);
        keep = true;
        inst.retransformClasses(c);
      }
    } catch (Exception | LinkageError e) {
      Log.error("cannot hook child processes; children start without Hermes", e);
    } finally {
      if (!keep) {
        inst.removeTransformer(this);
      }
    }
  }

  @Override
  public byte[] transform(
      ClassLoader loader,
      String className,
      Class<?> redefined,
      ProtectionDomain domain,
      byte[] bytes) {
    if (loader != null || !ProcessBuilderRewriter.CLASS.equals(className)) {
      return null;
    }
    try {
      byte[] result = ProcessBuilderRewriter.rewrite(bytes);
      if (result == null) {
        Log.warn(
            "this JDK's ProcessBuilder has no start(Redirect[]); children start without Hermes");
      }
      rewritten = true;
      return result;
    } catch (Throwable t) {
      Log.error("cannot hook child processes; children start without Hermes", t);
      return null;
    }
  }
}
