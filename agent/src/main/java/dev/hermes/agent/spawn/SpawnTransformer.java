package dev.hermes.agent.spawn;

import java.lang.instrument.Instrumentation;

/**
 * Rewrites {@code ProcessBuilder} when it loads (or at {@link #settle}, if it already has), so that
 * a JVM that never starts a process never loads ASM.
 */
public final class SpawnTransformer extends JdkClassRewrite {
  private SpawnTransformer() {
    super(
        ProcessBuilderRewriter.CLASS,
        "this JDK's ProcessBuilder has no start(Redirect[]); children start without Hermes",
        "cannot hook child processes; children start without Hermes");
  }

  /**
   * Registers the transformer, or routes it through premain's {@code gate} (null when attached):
   * see {@link JdkClassRewrite#register}.
   */
  public static SpawnTransformer install(Instrumentation inst, LoadGate gate) {
    SpawnTransformer transformer = new SpawnTransformer();
    transformer.register(inst, gate);
    return transformer;
  }

  /**
   * Rewrites ProcessBuilder now, loading it if no one has, or retransforming it if it was loaded
   * before the transformer was registered, then removes the transformer where it can.
   */
  public void settle(Instrumentation inst) {
    settle(inst, true);
  }

  @Override
  protected byte[] rewrite(byte[] original) {
    return ProcessBuilderRewriter.rewrite(original);
  }
}
