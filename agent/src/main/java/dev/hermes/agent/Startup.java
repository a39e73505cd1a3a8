package dev.hermes.agent;

import dev.hermes.agent.alert.Alerts;
import dev.hermes.agent.config.AgentConfig;
import dev.hermes.agent.config.ChildLaunch;
import dev.hermes.agent.config.Contract;
import dev.hermes.agent.mbean.PlatformServerHook;
import dev.hermes.agent.probe.Probes;
import dev.hermes.agent.pull.Puller;
import dev.hermes.agent.server.Endpoint;
import dev.hermes.agent.server.EndpointLauncher;
import dev.hermes.agent.spawn.LoadGate;
import dev.hermes.agent.spawn.SpawnHook;
import dev.hermes.agent.spawn.SpawnTransformer;
import dev.hermes.agent.support.AgentJar;
import dev.hermes.agent.support.Daemons;
import dev.hermes.agent.support.Log;
import dev.hermes.agent.support.Privileges;
import dev.hermes.agent.tls.TlsContext;
import dev.hermes.agent.tree.ChildRegistry;
import dev.hermes.agent.tree.JoinRequest;
import dev.hermes.agent.tree.ParentLink;
import dev.hermes.api.Status;
import dev.hermes.api.StatusStore;
import java.io.IOException;
import java.lang.instrument.Instrumentation;
import java.net.BindException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Everything the agent does after {@code premain}, on the daemon thread {@code hermes-start}: the
 * endpoint first (so it answers as early as possible), then the process keys, the link to a parent,
 * and the JMX bridge. Written without lambdas: on this path each first use of one costs the JVM
 * milliseconds of bootstrap.
 */
final class Startup implements Runnable {
  private final AgentConfig config;
  private final StatusStore store;
  private final Instrumentation inst;
  private final String version;
  private final String main;
  private final boolean atLaunch;
  // premain's (null when attached): removed once the hooked classes are settled.
  private final LoadGate gate;
  // Whether this runtime has jdk.httpserver (Launch.sayMissingModules).
  private final boolean server;
  // Made on hermes-start, not on the host's main thread (their classes cost it milliseconds).
  private ChildRegistry registry;
  // What children are told: complete once this JVM's endpoint is bound, or known not to start.
  private CompletableFuture<ChildLaunch> told;
  private SpawnTransformer transformer;
  private PlatformServerHook platformServerHook;
  private volatile ParentLink link;
  private volatile Endpoint endpoint;

  Startup(
      AgentConfig config,
      boolean server,
      StatusStore store,
      Instrumentation inst,
      String version,
      String main,
      boolean atLaunch,
      LoadGate gate) {
    this.config = config;
    this.server = server;
    this.store = store;
    this.inst = inst;
    this.version = version;
    this.main = main;
    this.atLaunch = atLaunch;
    this.gate = gate;
  }

  /**
   * Before the gate opens (or, when attached, before {@link #run}): the spawn hook's transformer,
   * so no child can start unseen; the hook itself is installed by {@link #run} (a child spawned
   * before waits for it).
   */
  void hookChildren() {
    SpawnHook.expectInstall();
    transformer = SpawnTransformer.install(inst, gate);
  }

  /** On hermes-start: the spawn hook, or none when hermes.jar cannot be located. */
  private void installSpawnHook() {
    Path jar;
    try {
      jar = AgentJar.location();
    } catch (Exception | Error e) {
      Log.warn("cannot locate hermes.jar (" + e + "); children start without Hermes");
      SpawnHook.giveUp();
      inst.removeTransformer(transformer);
      transformer = null;
      return;
    }
    SpawnHook.install(jar, registry, told);
  }

  /**
   * Before the application can load {@code ManagementFactory} (the gate holds it back): shows
   * {@code dev.hermes:type=Status} when someone else creates the platform MBeanServer, rather than
   * creating it (10 to 25 MiB) in every JVM. Not when attached late, nor with a rules file (whose
   * reads need the server anyway), nor when a JMX connector was asked for at launch.
   */
  void watchPlatformServer() {
    if (atLaunch
        && config.jmxEnabled()
        && config.jmxRules() == null
        && PlatformServerHook.applies()) {
      platformServerHook = PlatformServerHook.install(inst, gate);
    }
  }

  @Override
  public void run() {
    try {
      // First the hooked classes, and the gate goes: while a transformer is registered the JVM
      // keeps a copy of every class it loads for it, the registry's and the endpoint's among
      // them. And an already loaded ProcessBuilder is hooked before the URL is published: 'attach'
      // returns when it sees hermes.url, and a child started then must already get the agent (a
      // spawn meanwhile waits for the hook, installed next). Not before the gate opens: a load of
      // ProcessBuilder it holds back would hold this one back too.
      if (transformer != null) {
        transformer.settle(inst);
      }
      boolean statusShownByHook = platformServerHook != null && platformServerHook.settle(inst);
      removeGate();
      told = new CompletableFuture<>();
      registry =
          new ChildRegistry(store, config.grace(), config.childMemory(), config.secret() != null)
              .sampleResources(config.childResources());
      if (transformer != null) {
        installSpawnHook();
      }
      endpoint = server ? startEndpoint() : null;
      String bound = endpoint == null ? null : endpoint.url();
      ChildLaunch launch = ChildLaunch.of(config);
      if (bound != null) {
        System.setProperty(Contract.URL_PROPERTY, bound);
        store.report(ProcessKeys.URL, bound, 0);
        launch = launch.at(bound, config.tls() == null ? null : certificateForChildren());
      }
      told.complete(launch);
      ProcessKeys.reportIdentity(store, version);
      if (config.parent() != null) {
        JoinRequest join =
            new JoinRequest(
                config.token(), ProcessHandle.current().pid(), config.name(), main, bound);
        link = ParentLink.start(config, join, store);
      }
      try {
        Runtime.getRuntime().addShutdownHook(Daemons.thread("hermes-stop", new Stopping()));
      } catch (IllegalStateException exiting) {
        // The JVM began to exit while Hermes started (a JVM that runs for milliseconds): nothing
        // is left to start and nothing went wrong, so nothing is said.
        Log.debug("the JVM is exiting; Hermes stops starting");
        return;
      }
      // The app may have set its own status meanwhile; only "starting" is ours to move on.
      Optional<Status> status = store.get(ProcessKeys.STATUS);
      if (status.isPresent() && status.get().value().equals("starting")) {
        store.report(ProcessKeys.STATUS, "running", 0);
      }
      JmxWiring.start(config, atLaunch, statusShownByHook);
      if (config.probes() != null) {
        // Only here are the probe classes loaded: a JVM without probes= never has them.
        Probes.start(config.probes(), store);
      }
      if (config.alerts() != null) {
        Alerts.start(config.alerts(), store, bound);
      }
      if (config.pulls()) {
        // Only here are the pull classes loaded: a JVM without children= never has them.
        Puller.start(config, registry);
      }
    } catch (Throwable t) {
      removeGate();
      if (told != null) {
        told.complete(ChildLaunch.of(config));
      }
      SpawnHook.giveUp();
      Log.error("failed while starting; the application runs on", t);
    }
  }

  /**
   * The hooked classes are settled: the gate is needed no more, and while a transformer is
   * registered the JVM copies every class it loads onto the heap for it.
   */
  private void removeGate() {
    if (gate != null) {
      inst.removeTransformer(gate);
    }
  }

  private Endpoint startEndpoint() {
    AgentConfig effective = config;
    try {
      if (config.secret() == null && !InetAddress.getByName(config.bind()).isLoopbackAddress()) {
        Log.warn(
            "bind="
                + config.bind()
                + " reaches beyond this host and no secret is set (secretFile= or "
                + Contract.ENV_SECRET
                + ");"
                + " listening on 127.0.0.1 only");
        effective = config.withBind("127.0.0.1");
      }
      return EndpointLauncher.start(effective, store, registry);
    } catch (BindException e) {
      if (!effective.portExplicit() && effective.port() != 0) {
        return onFreePort(effective, e);
      }
      Log.warn(
          "cannot listen on "
              + effective.bind()
              + ":"
              + effective.port()
              + " ("
              + e.getMessage()
              + "); status endpoint not started; choose another with port= or "
              + Contract.ENV_PORT);
    } catch (IOException e) {
      Log.warn("status endpoint not started: " + Log.describe(e));
    } catch (Exception | LinkageError e) {
      Log.error("status endpoint not started", e);
    }
    return null;
  }

  /**
   * The default port is taken (another JVM on this host runs Hermes, or another server): a root
   * that did not choose its port takes a free one, publishes it as {@code hermes.url} (which {@code
   * hermes list} reads), and says it in one line. A port set explicitly stays strict.
   */
  private Endpoint onFreePort(AgentConfig effective, BindException taken) {
    try {
      Endpoint bound = EndpointLauncher.start(effective.withFreePort(), store, registry);
      Log.warn(
          "port "
              + effective.port()
              + " is taken ("
              + taken.getMessage()
              + "); listening on "
              + bound.url()
              + " instead (set port= or "
              + Contract.ENV_PORT
              + " to insist on one)");
      return bound;
    } catch (Exception | LinkageError e) {
      Log.warn("status endpoint not started: " + Log.describe(e));
      return null;
    }
  }

  /** The endpoint's certificate as a PEM file children can pin, or null if it cannot be had. */
  private Path certificateForChildren() {
    try {
      Path pem = ParentCertificate.create(ProcessHandle.current().pid());
      TlsContext.writeLeafCertificate(config.tls(), config.tlsPassword(), pem);
      ParentCertificate.removeStale(pem, new ParentCertificate.Running());
      return pem;
    } catch (Exception e) {
      Log.warn("children cannot be given this endpoint's certificate: " + Log.describe(e));
      return null;
    }
  }

  /** The shutdown hook: says {@code stopping}, and tells the parent before the JVM goes. */
  private final class Stopping implements Runnable {
    @Override
    public void run() {
      // Nothing may escape a shutdown hook: the JVM would print its stack trace.
      try {
        store.report(ProcessKeys.STATUS, "stopping", 0);
        ParentLink current = link;
        if (current != null) {
          current.flush(300);
        }
        // HotSpot waits up to 300 ms at exit for threads blocked in native code, as the server's
        // dispatcher is in epoll_wait: stopping the server spares the host that delay.
        Endpoint serving = endpoint;
        if (serving != null) {
          serving.close();
        }
      } catch (Throwable t) {
        if (Privileges.isDenial(t)) {
          Log.debug("stopping: " + Log.describe(t));
        } else {
          Log.error("could not stop cleanly", t);
        }
      }
    }
  }
}
