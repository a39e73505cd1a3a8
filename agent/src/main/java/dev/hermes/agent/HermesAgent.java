package dev.hermes.agent;

import dev.hermes.agent.spawn.SpawnHook;
import dev.hermes.agent.spawn.SpawnTransformer;
import dev.hermes.agent.tree.ChildRegistry;
import dev.hermes.agent.tree.JoinRequest;
import dev.hermes.agent.tree.ParentLink;
import dev.hermes.api.Status;
import dev.hermes.api.StatusStore;
import java.lang.instrument.Instrumentation;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

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

  // A JVM that spawns in its first moments waits this long, at most, for its own endpoint.
  private static final long URL_WAIT_MILLIS = 2000;

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
        return;
      }
      StatusStore store = StatusStore.global();
      store.report(ProcessKeys.STATUS, atLaunch ? "starting" : "running", 0);
      ChildRegistry registry = new ChildRegistry(store, config.graceNanos());
      CompletableFuture<String> url = new CompletableFuture<>();
      Map<String, String> lineage = Collections.synchronizedMap(new HashMap<>());
      if (config.inject()) {
        hookChildren(inst, registry, url, config, lineage);
      }
      Thread starter =
          new Thread(
              () ->
                  startInBackground(config, store, registry, url, lineage, version, main, atLaunch),
              "hermes-start");
      // Daemon, so the dispatcher thread the HTTP server creates from it is a daemon too.
      starter.setDaemon(true);
      starter.start();
    } catch (Throwable t) {
      Log.error("could not start; the application runs on", t);
    }
  }

  private static void hookChildren(
      Instrumentation inst,
      ChildRegistry registry,
      CompletableFuture<String> url,
      AgentConfig config,
      Map<String, String> lineage) {
    Path jar;
    try {
      jar =
          Path.of(HermesAgent.class.getProtectionDomain().getCodeSource().getLocation().toURI())
              .toAbsolutePath();
    } catch (Exception | Error e) {
      Log.warn("cannot locate hermes.jar (" + e + "); children start without Hermes");
      return;
    }
    // Children learn the chain above them (to re-join if their parent dies) and the secret,
    // through their environment: never on a command line, where ps would show it.
    lineage.put(
        "HERMES_ANCESTORS",
        config.parent() == null
            ? null
            : config.parent() + (config.ancestors() == null ? "" : "," + config.ancestors()));
    lineage.put("HERMES_PARENT_CERT", null);
    Map<String, String> shared = new HashMap<>();
    if (config.secretFile() != null) {
      shared.put("HERMES_SECRET_FILE", Path.of(config.secretFile()).toAbsolutePath().toString());
    } else if (config.secret() != null) {
      shared.put("HERMES_SECRET", config.secret());
    }
    SpawnHook.install(
        jar,
        registry,
        () -> {
          try {
            return url.get(URL_WAIT_MILLIS, TimeUnit.MILLISECONDS);
          } catch (Exception notYet) {
            return null;
          }
        },
        lineage,
        Map.copyOf(shared));
    SpawnTransformer.install(inst);
  }

  private static void startInBackground(
      AgentConfig config,
      StatusStore store,
      ChildRegistry registry,
      CompletableFuture<String> url,
      Map<String, String> lineage,
      String version,
      String main,
      boolean atLaunch) {
    try {
      ProcessKeys.reportIdentity(store, version);
      Endpoint endpoint = startEndpoint(config, store, registry);
      String bound = endpoint == null ? null : endpoint.url();
      if (bound != null) {
        System.setProperty(URL_PROPERTY, bound);
        store.report("hermes.url", bound, 0);
        if (config.tls() != null) {
          lineage.put("HERMES_PARENT_CERT", certificateForChildren(config));
        }
      }
      url.complete(bound);
      ParentLink link = null;
      if (config.parent() != null) {
        JoinRequest join =
            new JoinRequest(
                config.token(), ProcessHandle.current().pid(), config.name(), main, bound);
        link = ParentLink.start(config, join, store);
      }
      ParentLink finalLink = link;
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    store.report(ProcessKeys.STATUS, "stopping", 0);
                    if (finalLink != null) {
                      finalLink.flush(300);
                    }
                  },
                  "hermes-stop"));
      // The app may have set its own status meanwhile; only "starting" is ours to move on.
      if (store.get(ProcessKeys.STATUS).map(Status::value).orElse("").equals("starting")) {
        store.report(ProcessKeys.STATUS, "running", 0);
      }
      JmxWiring.start(config, atLaunch);
    } catch (Throwable t) {
      url.complete(null);
      Log.error("failed while starting; the application runs on", t);
    }
  }

  private static Endpoint startEndpoint(
      AgentConfig requested, StatusStore store, ChildRegistry registry) {
    AgentConfig config = requested;
    try {
      if (config.secret() == null && !InetAddress.getByName(config.bind()).isLoopbackAddress()) {
        Log.warn(
            "bind="
                + config.bind()
                + " reaches beyond this host and no secret is set (secretFile= or HERMES_SECRET);"
                + " listening on 127.0.0.1 only");
        config = config.withBind("127.0.0.1");
      }
      return EndpointLauncher.start(config, store, registry);
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

  /** The endpoint's certificate as a PEM file children can pin, or null if it cannot be had. */
  private static String certificateForChildren(AgentConfig config) {
    try {
      Path pem = Files.createTempFile("hermes-parent-", ".pem");
      pem.toFile().deleteOnExit();
      TlsContext.writeLeafCertificate(config.tls(), config.tlsPassword(), pem);
      return pem.toString();
    } catch (Exception e) {
      Log.warn("children cannot be given this endpoint's certificate: " + Log.describe(e));
      return null;
    }
  }

  private static String version() {
    String v = HermesAgent.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }
}
