package dev.hermes.agent;

import java.lang.instrument.Instrumentation;
import java.util.function.Function;

/**
 * The agent's entry point: {@code java -javaagent:hermes.jar=port=9091 -jar app.jar}.
 *
 * <p>It never harms its host: every failure is one line on stderr and the application runs on. The
 * {@code premain} thread, the host's main thread before {@code main}, only registers a gate for the
 * JDK classes Hermes may rewrite and starts the daemon thread {@code hermes-start}; everything else
 * (the settings, the store, the hooks, the endpoint) happens there: see {@link Launch}.
 */
public final class HermesAgent {
  private HermesAgent() {}

  /** Called by the JVM for {@code -javaagent:hermes.jar[=args]}. */
  public static void premain(String args, Instrumentation inst) {
    // An exception escaping premain aborts the JVM: nothing may get past this method.
    try {
      Launch.atLaunch(args, inst);
    } catch (Throwable t) {
      Launch.failed(t);
    }
  }

  /** Called when the agent is attached to a running JVM. */
  public static void agentmain(String args, Instrumentation inst) {
    try {
      Launch.attached(args, inst);
    } catch (Throwable t) {
      Launch.failed(t);
    }
  }

  /**
   * For the api's copies in other class loaders (a webapp's) only, which call it by reflection
   * through the system class loader: the agent's store, typed with {@code java.base} types, or null
   * when the agent is not running. A copy that asks while {@code hermes-start} still reads the
   * settings waits for it. Not an API.
   */
  public static Function<Object[], Object> storeBridge() {
    Launch.awaitDecision();
    return ApiBridge.published();
  }
}
