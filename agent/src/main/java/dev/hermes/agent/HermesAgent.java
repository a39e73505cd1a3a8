package dev.hermes.agent;

import dev.hermes.agent.config.AgentArgs;
import dev.hermes.agent.config.AgentConfig;
import dev.hermes.agent.config.ConfigException;
import dev.hermes.agent.config.Contract;
import dev.hermes.agent.support.Daemons;
import dev.hermes.agent.support.Log;
import dev.hermes.agent.support.Pid;
import dev.hermes.agent.support.Privileges;
import dev.hermes.api.StatusStore;
import java.lang.instrument.Instrumentation;
import java.util.function.Function;

/**
 * The agent's entry point: {@code java -javaagent:hermes.jar=port=9091 -jar app.jar}.
 *
 * <p>It never harms its host: every failure is one line on stderr and the application runs on. The
 * {@code premain} thread, the host's main thread before {@code main}, only parses settings, reports
 * {@code status: starting} and registers the transformers of the JDK classes it hooks; everything
 * else (the child registry and the spawn hook itself included) happens in {@link Startup}, on a
 * daemon thread.
 */
public final class HermesAgent {
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
      String denied = Privileges.denied();
      if (denied != null) {
        // Under such a policy reading a property already fails: say so once, and stay out.
        Log.warn(denied + "; Hermes is off and the application runs on");
        return;
      }
      Log.identify(Pid.current());
      Log.debugOn(Boolean.getBoolean(Contract.DEBUG_PROPERTY));
      String version = version();
      if (System.getProperties().putIfAbsent(Contract.MARKER_PROPERTY, version) != null) {
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
        System.getProperties().remove(Contract.MARKER_PROPERTY);
        return;
      }
      StatusStore store = StatusStore.global();
      store.report(ProcessKeys.STATUS, atLaunch ? "starting" : "running", 0);
      // Before any webapp's copy of the api loads: each finds this store when it initialises.
      ApiBridge.install(store);
      Startup startup = new Startup(config, store, inst, version, main, atLaunch);
      if (config.inject()) {
        startup.hookChildren();
      }
      startup.watchPlatformServer();
      // A daemon, so the dispatcher thread the HTTP server creates from it is a daemon too.
      Daemons.start("hermes-start", startup);
    } catch (Throwable t) {
      Log.error("could not start; the application runs on", t);
    }
  }

  /**
   * For the api's copies in other class loaders (a webapp's) only, which call it by reflection
   * through the system class loader: the agent's store, typed with {@code java.base} types, or null
   * when the agent is not running. Not an API.
   */
  public static Function<Object[], Object> storeBridge() {
    return ApiBridge.published();
  }

  private static String version() {
    String v = HermesAgent.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }
}
