package dev.hermes.agent;

import dev.hermes.agent.config.AgentArgs;
import dev.hermes.agent.config.AgentConfig;
import dev.hermes.agent.config.ConfigException;
import dev.hermes.agent.config.Contract;
import dev.hermes.agent.spawn.LoadGate;
import dev.hermes.agent.support.Daemons;
import dev.hermes.agent.support.Log;
import dev.hermes.agent.support.Privileges;
import dev.hermes.api.StatusStore;
import java.lang.instrument.Instrumentation;
import java.lang.module.ModuleFinder;
import java.util.ArrayList;
import java.util.List;

/**
 * Decides whether and how Hermes runs in this JVM (the policy, another copy, a build tool, the
 * settings), then hands over to {@link Startup}. At launch all of it runs on the daemon thread
 * {@code hermes-start}, not on the host's main thread: {@code premain} only registers a {@link
 * LoadGate}, which holds back a load of {@code ProcessBuilder} or {@code ManagementFactory} until
 * the hooks are decided (so that no child starts unseen), and starts the thread. A JVM that exits
 * before the settings are read waits for them, at most {@link #EXIT_MILLIS}, so that a bad setting
 * (or a trimmed runtime) is still said. When attached, the decision is made on the attach thread,
 * as the attach client waits for it.
 */
final class Launch implements Runnable {
  // A load held back waits for the decision at most as long as a spawn waits for the endpoint.
  private static final long HOLD_MILLIS = 10_000;
  private static final long EXIT_MILLIS = 2_000;

  // premain's gate: open once hermes-start has decided; null when attached (nothing to wait for).
  private static volatile LoadGate pending;

  private final String args;
  private final Instrumentation inst;
  private final boolean atLaunch;
  private LoadGate gate; // set before hermes-start starts
  private Thread exitWait; // likewise; null when the policy forbids shutdown hooks
  private String version; // set, with the marker, by premain before hermes-start starts

  private Launch(String args, Instrumentation inst, boolean atLaunch) {
    this.args = args;
    this.inst = inst;
    this.atLaunch = atLaunch;
  }

  /**
   * On the host's main thread, before its {@code main}: the gate, the store bridge's property (so a
   * copy of the api that initialises meanwhile asks for the agent's store, and waits), the exit
   * wait, and {@code hermes-start}. Written with no class of the agent's but this one and the gate:
   * each costs the host's start milliseconds.
   */
  @SuppressWarnings("removal")
  static void atLaunch(String args, Instrumentation inst) {
    if (System.getSecurityManager() != null) {
      // JDK 23 and earlier: a policy may forbid the exit wait (a shutdown hook) and the property,
      // so the decision is made here, before main, as it is when attached.
      decideHere(args, inst, true);
      return;
    }
    // Which copy of the agent runs is settled here, in the order of the -javaagent options: their
    // threads would race for it.
    String version = version();
    if (!claim(version)) {
      return;
    }
    Launch launch = new Launch(args, inst, true);
    launch.version = version;
    // A daemon, so the dispatcher thread the HTTP server creates from it is a daemon too.
    Thread starter = new Thread(launch, "hermes-start");
    starter.setDaemon(true);
    LoadGate gate = new LoadGate(starter, HOLD_MILLIS, EXIT_MILLIS);
    launch.gate = gate;
    inst.addTransformer(gate, false);
    try {
      pending = gate;
      try {
        System.setProperty(Contract.STORE_BRIDGE_PROPERTY, Contract.STORE_BRIDGE_VERSION);
        Thread exitWait = new Thread(gate, "hermes-start-exit");
        Runtime.getRuntime().addShutdownHook(exitWait);
        launch.exitWait = exitWait;
      } catch (SecurityException denied) {
        // A policy that does not grant hermes.jar its permissions: hermes-start says so.
      }
      starter.start();
    } catch (Throwable t) {
      gate.open();
      inst.removeTransformer(gate);
      throw t;
    }
  }

  /** When attached to a running JVM: decides here, then starts on {@code hermes-start}. */
  static void attached(String args, Instrumentation inst) {
    decideHere(args, inst, false);
  }

  private static void decideHere(String args, Instrumentation inst, boolean atLaunch) {
    Startup startup = new Launch(args, inst, atLaunch).decide();
    if (startup != null) {
      Daemons.start("hermes-start", startup);
    }
  }

  /** A failure that escaped premain or agentmain. */
  static void failed(Throwable t) {
    Log.error("could not start; the application runs on", t);
  }

  /** Waits, at most as long as a held-back load, until hermes-start has decided. */
  static void awaitDecision() {
    LoadGate gate = pending;
    if (gate != null) {
      gate.awaitOpen(HOLD_MILLIS);
    }
  }

  /** hermes-start at launch: the decision, then the rest. */
  @Override
  public void run() {
    Startup startup = null;
    try {
      startup = decide();
    } catch (Throwable t) {
      failed(t);
    } finally {
      decided(startup != null);
    }
    if (startup != null) {
      startup.run();
    }
  }

  private void decided(boolean on) {
    if (!on) {
      // Only the copy that claimed the JVM gets here (premain): the property is this one's.
      inst.removeTransformer(gate);
      try {
        System.clearProperty(Contract.STORE_BRIDGE_PROPERTY);
      } catch (SecurityException denied) {
        // never set, then
      }
    }
    said();
    gate.open();
  }

  /** What the settings had to say is said: a JVM that exits now need not wait. */
  private void said() {
    if (gate == null) {
      return;
    }
    gate.said();
    Thread hook = exitWait;
    exitWait = null;
    if (hook != null) {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException exiting) {
        // the JVM is exiting: the hook is running, and returns at once
      }
    }
  }

  /** Whether Hermes runs here and, if it does, its start-up, hooks registered; null if not. */
  private Startup decide() {
    String denied = Privileges.denied();
    if (denied != null) {
      // Under such a policy reading a property already fails: say so once, and stay out.
      Log.warn(denied + "; Hermes is off and the application runs on");
      return null;
    }
    Log.identify();
    Log.debugOn(Boolean.getBoolean(Contract.DEBUG_PROPERTY));
    if (version == null) { // attached, or under a SecurityManager: not claimed in premain
      version = version();
      if (!claim(version)) {
        return null;
      }
    }
    String main = ProcessKeys.mainOf(System.getProperty("sun.java.command"));
    if (BuildTools.isBuildTool(main)) {
      Log.debug(main + " is a build or JDK tool; Hermes stays out");
      return null;
    }
    AgentConfig config;
    try {
      config = AgentArgs.parse(args, System.getenv());
    } catch (ConfigException e) {
      Log.warn(e.getMessage() + "; Hermes is off and the application runs on");
      // Off, not loaded: a later attach with good settings may still start it.
      System.getProperties().remove(Contract.MARKER_PROPERTY);
      return null;
    }
    // While a JVM that ends at once still waits (a trimmed runtime is said at once too).
    boolean server = sayMissingModules(config);
    said(); // the rest is no reason to hold back an exit
    StatusStore store = StatusStore.global();
    if (!atLaunch) {
      store.report(ProcessKeys.STATUS, "running", 0);
    } else if (store.get(ProcessKeys.STATUS).isEmpty()) {
      // The app's main runs meanwhile: a status it reported first is its own, and stays.
      store.report(ProcessKeys.STATUS, "starting", 0);
    }
    // Before any webapp's copy of the api asks for this store (one that asked meanwhile waits).
    ApiBridge.install(store);
    Startup startup = new Startup(config, server, store, inst, version, main, atLaunch, gate);
    if (config.inject()) {
      startup.hookChildren();
    }
    startup.watchPlatformServer();
    return startup;
  }

  /**
   * Says in one line which of the modules Hermes uses a trimmed runtime (a {@code jlink} image)
   * lacks, what is lost without each, and the {@code --add-modules} that brings them; returns
   * whether the runtime has {@code jdk.httpserver} (the endpoint's). {@code java.instrument} is not
   * asked: without it the JVM refuses {@code -javaagent} itself.
   */
  private static boolean sayMissingModules(AgentConfig config) {
    boolean server = inRuntime("jdk.httpserver");
    List<String> names = new ArrayList<>(3);
    List<String> lost = new ArrayList<>(3);
    if (!server) {
      names.add("jdk.httpserver");
      lost.add("no status endpoint, no children");
    }
    if (config.jmxEnabled()) {
      if (!inRuntime("java.management")) {
        names.add("java.management");
        lost.add("no JMX keys");
      }
      if (!inRuntime("jdk.management")) {
        names.add("jdk.management");
        lost.add("no process CPU, file-descriptor and machine-memory keys");
      }
    }
    if (!names.isEmpty()) {
      Log.warn(
          "this Java runtime lacks "
              + String.join(", ", names)
              + " ("
              + String.join("; ", lost)
              + "); the application runs on; to have them, build the runtime with"
              + " jlink --add-modules "
              + String.join(",", names));
    }
    return server;
  }

  /**
   * Whether this Java runtime has {@code module}: a module of the boot layer is; one outside it (an
   * app that limits its modules) is looked for in the runtime's list, milliseconds to read.
   */
  private static boolean inRuntime(String module) {
    return ModuleLayer.boot().findModule(module).isPresent()
        || ModuleFinder.ofSystem().find(module).isPresent();
  }

  /**
   * Marks this JVM as Hermes's, of {@code version}; false, after a debug line, when another copy of
   * the agent did first.
   */
  private static boolean claim(String version) {
    if (System.getProperties().putIfAbsent(Contract.MARKER_PROPERTY, version) == null) {
      return true;
    }
    Log.debugOn(Boolean.getBoolean(Contract.DEBUG_PROPERTY));
    Log.identify();
    Log.debug("already loaded in this JVM; this copy does nothing");
    return false;
  }

  private static String version() {
    String v = HermesAgent.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }
}
