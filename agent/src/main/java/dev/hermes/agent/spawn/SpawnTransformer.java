package dev.hermes.agent.spawn;

import dev.hermes.agent.Log;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;

/**
 * Compares class names only, so a JVM that never starts a process never loads ASM; the rewrite
 * happens when {@code ProcessBuilder} loads (or at once, if it already has).
 */
public final class SpawnTransformer implements ClassFileTransformer {
  private SpawnTransformer() {}

  /** Installs the hook; if ProcessBuilder is already loaded, rewrites it now. */
  public static void install(Instrumentation inst) {
    SpawnTransformer transformer = new SpawnTransformer();
    inst.addTransformer(transformer, true);
    for (Class<?> c : inst.getAllLoadedClasses()) {
      if (c == ProcessBuilder.class) {
        try {
          inst.retransformClasses(ProcessBuilder.class);
        } catch (Exception | LinkageError e) {
          Log.error("cannot hook child processes; children start without Hermes", e);
        }
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
      byte[] rewritten = ProcessBuilderRewriter.rewrite(bytes);
      if (rewritten == null) {
        Log.warn(
            "this JDK's ProcessBuilder has no start(Redirect[]); children start without Hermes");
      }
      return rewritten;
    } catch (Throwable t) {
      Log.error("cannot hook child processes; children start without Hermes", t);
      return null;
    }
  }
}
