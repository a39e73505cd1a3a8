package dev.hermes.agent.spawn;

import dev.hermes.agent.config.ChildLaunch;
import dev.hermes.agent.support.Log;
import dev.hermes.agent.support.Privileges;
import dev.hermes.agent.tree.ChildNames;
import dev.hermes.agent.tree.ChildRegistry;
import dev.hermes.api.Keys;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * What the rewritten {@code ProcessBuilder} calls: {@code add(builder)} before a start rewrites the
 * command and environment and expects a child; {@code add(process)} after it attaches the started
 * process. It is a {@code Collection} because injected code may name only {@code java.base} types.
 * Nothing escapes it: a failure is reported once and the start goes on.
 */
public final class SpawnHook extends HookCall.Hook {
  /**
   * What the rewritten ProcessBuilder calls ({@link HookCall}): {@link HookCall#NONE} until
   * installed.
   */
  public static volatile Collection<Object> HOOK = HookCall.NONE;

  // A JVM that spawns in its first moments waits for its own endpoint, which normally takes a
  // few hundred milliseconds, so that the child can join it; a child started meanwhile would be
  // a root for good. 2 s proved too short on a loaded machine (JDK 25 with TLS); the wait ends
  // at once when the endpoint is up or has failed.
  private static final long ENDPOINT_WAIT_MILLIS = 10_000;

  private final Path agentJar;
  private final ChildRegistry registry;
  private final Future<ChildLaunch> told;
  private final Map<String, String> ownEnv;
  private final ThreadLocal<String> pendingToken = new ThreadLocal<>();
  private volatile boolean warned;

  private SpawnHook(Path agentJar, ChildRegistry registry, Future<ChildLaunch> told) {
    this.agentJar = agentJar;
    this.registry = registry;
    this.told = told;
    this.ownEnv = System.getenv();
  }

  /**
   * Publishes the hook; {@code told} completes with what children are told once this JVM's endpoint
   * is bound (or known not to start). A child spawned before that waits for it briefly, then starts
   * as a root.
   */
  public static void install(Path agentJar, ChildRegistry registry, Future<ChildLaunch> told) {
    Collection<Object> before = HOOK;
    HOOK = new SpawnHook(agentJar, registry, told);
    if (before instanceof Awaiting) {
      ((Awaiting) before).settled.countDown();
    }
  }

  /**
   * On the premain thread, when the hook is to be installed by the start-up thread (which makes the
   * registry and finds the agent's jar, off the host's main thread): until then a child spawned
   * waits for it, as long as for the endpoint, so that it still starts with the agent.
   */
  public static void expectInstall() {
    HOOK = new Awaiting();
  }

  /** The hook will not be installed: a child spawned meanwhile starts as it was. */
  public static void giveUp() {
    Collection<Object> before = HOOK;
    if (before instanceof Awaiting) {
      HOOK = HookCall.NONE;
      ((Awaiting) before).settled.countDown();
    }
  }

  /** The hook between {@link #expectInstall} and {@link #install} or {@link #giveUp}. */
  private static final class Awaiting extends HookCall.Hook {
    final CountDownLatch settled = new CountDownLatch(1);

    @Override
    public boolean add(Object o) {
      if (!(o instanceof ProcessBuilder)) {
        return false; // a started Process: its builder met no installed hook, nothing to attach
      }
      try {
        settled.await(ENDPOINT_WAIT_MILLIS, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt(); // the app's; the child starts as it was
        return false;
      }
      Collection<Object> installed = HOOK;
      return installed instanceof SpawnHook && installed.add(o);
    }
  }

  @Override
  public boolean add(Object o) {
    try {
      // The app's thread calls in: under a SecurityManager, act with the agent's permissions.
      Privileges.run(
          () -> {
            if (o instanceof ProcessBuilder) {
              before((ProcessBuilder) o);
            } else if (o instanceof Process) {
              after((Process) o);
            }
          });
    } catch (Throwable t) {
      if (!warned) {
        warned = true;
        Log.error("could not prepare a child process for Hermes; it starts as it was", t);
      }
    }
    return true;
  }

  private void before(ProcessBuilder pb) {
    pendingToken.remove();
    List<String> command = pb.command();
    if (command.isEmpty()) {
      return;
    }
    Map<String, String> env = pb.environment();
    List<String> rewritten =
        CommandRewriter.rewrite(
            command,
            env,
            agentJar,
            CommandRewriter.isJavaLauncher(command.get(0)) ? null : JavaShim.bin(agentJar));
    if (rewritten != command) {
      pb.command(rewritten);
    }
    String explicit = ChildLaunch.explicitName(env, ownEnv);
    String name =
        explicit != null && Keys.isValid(explicit)
            ? explicit
            : ChildNames.fromCommand(command, CommandRewriter.isJavaLauncher(command.get(0)));
    ChildLaunch launch = launch();
    String token =
        registry.expect(name, !CommandRewriter.startsAgentJvm(pb.command(), env, agentJar));
    launch.withToken(token).applyTo(env, ownEnv);
    pendingToken.set(token);
  }

  private ChildLaunch launch() {
    try {
      return told.get(ENDPOINT_WAIT_MILLIS, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // the app's: it must still see it
      return ChildLaunch.root();
    } catch (Exception notYet) {
      return ChildLaunch.root();
    }
  }

  private void after(Process process) {
    String token = pendingToken.get();
    pendingToken.remove();
    if (token != null) {
      registry.started(token, process);
    }
  }

  @Override
  public String toString() {
    return "hermes spawn hook";
  }
}
