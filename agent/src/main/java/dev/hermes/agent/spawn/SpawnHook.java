package dev.hermes.agent.spawn;

import dev.hermes.agent.Log;
import dev.hermes.agent.tree.ChildNames;
import dev.hermes.agent.tree.ChildRegistry;
import dev.hermes.api.Keys;
import java.nio.file.Path;
import java.util.AbstractCollection;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What the rewritten {@code ProcessBuilder} calls: {@code add(builder)} before a start rewrites the
 * command and environment and expects a child; {@code add(process)} after it attaches the started
 * process. It is a {@code Collection} because injected code may name only {@code java.base} types.
 * Nothing escapes it: a failure is reported once and the start goes on.
 */
public final class SpawnHook extends AbstractCollection<Object> {
  /** The system property the rewritten ProcessBuilder reads. */
  public static final String PROPERTY = "hermes.spawn.hook";

  private final Path agentJar;
  private final ChildRegistry registry;
  private final Supplier<String> parentUrl;
  private final Map<String, String> ownEnv;
  private final Map<String, String> lineage;
  private final Map<String, String> shared;
  private final ThreadLocal<String> pendingToken = new ThreadLocal<>();
  private volatile boolean warned;

  private SpawnHook(
      Path agentJar,
      ChildRegistry registry,
      Supplier<String> parentUrl,
      Map<String, String> lineage,
      Map<String, String> shared) {
    this.agentJar = agentJar;
    this.registry = registry;
    this.parentUrl = parentUrl;
    this.ownEnv = System.getenv();
    this.lineage = lineage;
    this.shared = shared;
  }

  /**
   * Publishes the hook; {@code parentUrl} gives this JVM's endpoint URL, or null once it is known
   * not to start. {@code lineage} (live, may change) replaces what children inherit, a null value
   * removing it; {@code shared} is added where a child has none.
   */
  public static void install(
      Path agentJar,
      ChildRegistry registry,
      Supplier<String> parentUrl,
      Map<String, String> lineage,
      Map<String, String> shared) {
    System.getProperties()
        .put(PROPERTY, new SpawnHook(agentJar, registry, parentUrl, lineage, shared));
  }

  @Override
  public boolean add(Object o) {
    try {
      if (o instanceof ProcessBuilder) {
        before((ProcessBuilder) o);
      } else if (o instanceof Process) {
        after((Process) o);
      }
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
    List<String> rewritten = CommandRewriter.rewrite(command, env, agentJar);
    if (rewritten != command) {
      pb.command(rewritten);
    }
    String explicit = ChildEnvironment.explicitName(env, ownEnv);
    String name =
        explicit != null && Keys.isValid(explicit)
            ? explicit
            : ChildNames.fromCommand(command, CommandRewriter.isJavaLauncher(command.get(0)));
    String url = parentUrl.get();
    String token = registry.expect(name);
    ChildEnvironment.apply(env, ownEnv, url, token, lineage, shared);
    pendingToken.set(token);
  }

  private void after(Process process) {
    String token = pendingToken.get();
    pendingToken.remove();
    if (token != null) {
      registry.started(token, process);
    }
  }

  @Override
  public Iterator<Object> iterator() {
    return Collections.emptyIterator();
  }

  @Override
  public int size() {
    return 0;
  }

  @Override
  public String toString() {
    return "hermes spawn hook";
  }
}
