package dev.hermes.agent;

import dev.hermes.api.Status;
import dev.hermes.api.StatusStore;
import java.lang.instrument.Instrumentation;

/**
 * The agent's entry point: {@code java -javaagent:hermes.jar=port=9091 -jar app.jar}.
 *
 * <p>It never harms its host: every failure is one line on stderr and the application runs on.
 */
public final class HermesAgent {
  /** Set once per JVM, so that a second copy of the agent does nothing. */
  static final String MARKER = "hermes.agent";

  /** The bound URL, for tools, tests and child JVMs. */
  static final String URL_PROPERTY = "hermes.url";

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
      AgentConfig config;
      try {
        config = AgentArgs.parse(args, System.getenv());
      } catch (ConfigException e) {
        Log.warn(e.getMessage() + "; Hermes is off and the application runs on");
        return;
      }
      StatusStore store = StatusStore.global();
      store.report(ProcessKeys.STATUS, atLaunch ? "starting" : "running", 0);
      Thread starter = new Thread(() -> startInBackground(config, store, version), "hermes-start");
      // Daemon, so the dispatcher thread the HTTP server creates from it is a daemon too.
      starter.setDaemon(true);
      starter.start();
    } catch (Throwable t) {
      Log.error("could not start; the application runs on", t);
    }
  }

  private static void startInBackground(AgentConfig config, StatusStore store, String version) {
    try {
      ProcessKeys.reportIdentity(store, version);
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(() -> store.report(ProcessKeys.STATUS, "stopping", 0), "hermes-stop"));
      Endpoint endpoint = startEndpoint(config, store);
      if (endpoint != null) {
        System.setProperty(URL_PROPERTY, endpoint.url());
      }
      // The app may have set its own status meanwhile; only "starting" is ours to move on.
      if (store.get(ProcessKeys.STATUS).map(Status::value).orElse("").equals("starting")) {
        store.report(ProcessKeys.STATUS, "running", 0);
      }
    } catch (Throwable t) {
      Log.error("failed while starting; the application runs on", t);
    }
  }

  private static Endpoint startEndpoint(AgentConfig config, StatusStore store) {
    try {
      return EndpointLauncher.start(config, store);
    } catch (java.net.BindException e) {
      Log.warn(
          "cannot listen on "
              + config.bind()
              + ":"
              + config.port()
              + " ("
              + e.getMessage()
              + "); status endpoint not started; choose another with port= or HERMES_PORT");
    } catch (java.io.IOException e) {
      Log.warn("status endpoint not started: " + Log.describe(e));
    } catch (Exception | LinkageError e) {
      Log.error("status endpoint not started", e);
    }
    return null;
  }

  private static String version() {
    String v = HermesAgent.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }
}
