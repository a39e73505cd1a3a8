package dev.hermes.agent;

import dev.hermes.agent.tree.ChildRegistry;
import dev.hermes.api.StatusStore;
import java.lang.instrument.Instrumentation;

/**
 * The agent's entry point: {@code java -javaagent:hermes.jar=port=9091 -jar app.jar}.
 *
 * <p>It never harms its host: every failure is one line on stderr and the application runs on. The
 * {@code premain} thread only parses settings, reports {@code status: starting} and registers the
 * spawn hook; everything else happens in {@link Startup}, on a daemon thread.
 */
public final class HermesAgent {
  /** Set once per JVM, so that a second copy of the agent does nothing. */
  static final String MARKER = "hermes.agent";

  private HermesAgent() {}

  /** Called by the JVM for {@code -javaagent:hermes.jar[=args]}. */
  public static void premain(String args, Instrumentation inst) {
    start(args, inst, true);
  }

  /** Called when the agent is attached to a running JVM. */
  public static void agentmain(String args, Instrumentation inst) {
    start(args, inst, false);
  }

  private static void start(String args, Instrumentation inst, boolean atLaunch) {
    // An exception escaping premain aborts the JVM: nothing may get past this method.
    try {
      String version = version();
      if (System.getProperties().putIfAbsent(MARKER, version) != null) {
        Log.debug("already loaded in this JVM; this copy does nothing");
        return;
      }
      String main = ProcessKeys.mainOf(System.getProperty("sun.java.command"));
      if (BuildTools.isBuildTool(main)) {
        Log.debug(main + " is a build or JDK tool; Hermes stays out");
        return;
      }
      AgentConfig config;
      try {
        config = AgentArgs.parse(args, System.getenv());
      } catch (ConfigException e) {
        Log.warn(e.getMessage() + "; Hermes is off and the application runs on");
        // Off, not loaded: a later attach with good settings may still start it.
        System.getProperties().remove(MARKER);
        return;
      }
      StatusStore store = StatusStore.global();
      store.report(ProcessKeys.STATUS, atLaunch ? "starting" : "running", 0);
      Startup startup =
          new Startup(
              config,
              store,
              new ChildRegistry(store, config.graceNanos()),
              inst,
              version,
              main,
              atLaunch);
      if (config.inject()) {
        startup.hookChildren();
      }
      Thread starter = new Thread(startup, "hermes-start");
      // Daemon, so the dispatcher thread the HTTP server creates from it is a daemon too.
      starter.setDaemon(true);
      starter.start();
    } catch (Throwable t) {
      Log.error("could not start; the application runs on", t);
    }
  }

  private static String version() {
    String v = HermesAgent.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }
}
