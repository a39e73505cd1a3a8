package dev.hermes.agent.mbean;

import dev.hermes.agent.spawn.HookCall;
import dev.hermes.agent.spawn.JdkClassRewrite;
import dev.hermes.agent.spawn.LoadGate;
import dev.hermes.agent.support.Log;
import java.lang.instrument.Instrumentation;
import java.util.Collection;

/**
 * What the rewritten {@code ManagementFactory.getPlatformMBeanServer()} calls with the server it
 * returns: the first call registers {@code dev.hermes:type=Status} on it; later calls cost a
 * volatile read. A {@code Collection} because injected code may name only {@code java.base} types.
 * Nothing escapes it: the caller always gets its server.
 */
public final class PlatformServerHook extends HookCall.Hook {
  /**
   * What the rewritten ManagementFactory calls ({@code spawn.HookCall}); a no-op until installed.
   */
  public static volatile Collection<Object> HOOK = HookCall.NONE;

  private final Rewrite rewrite = new Rewrite();
  private volatile boolean shown;

  private PlatformServerHook() {}

  /**
   * Whether waiting for someone else to create the platform MBeanServer can work in this JVM:
   * {@code java.management} is there, and no JMX connector was asked for at launch (the JDK's
   * management agent may then have created the server before {@code premain}).
   */
  public static boolean applies() {
    if (ModuleLayer.boot().findModule("java.management").isEmpty()) {
      return false;
    }
    for (Object key : System.getProperties().keySet()) {
      if (key instanceof String && ((String) key).startsWith("com.sun.management.")) {
        return false;
      }
    }
    return true;
  }

  /**
   * Before the application can load {@code ManagementFactory} (while premain's {@code gate} holds
   * its load back): publishes the hook and routes the transformer through the gate, which compares
   * class names only (no class is loaded).
   */
  public static PlatformServerHook install(Instrumentation inst, LoadGate gate) {
    PlatformServerHook hook = new PlatformServerHook();
    HOOK = hook;
    hook.rewrite.register(inst, gate);
    return hook;
  }

  /**
   * Loads {@code ManagementFactory} (without initialising it) so that it is rewritten now, then
   * removes the transformer, which would otherwise have the JVM copy every class it loads onto the
   * heap. Returns whether the hook will see the platform server: false when {@code
   * ManagementFactory} was loaded before the transformer (another agent's premain), and the caller
   * must register the MBean itself. Call off the premain thread.
   */
  public boolean settle(Instrumentation inst) {
    return rewrite.settle(inst, false);
  }

  @Override
  public boolean add(Object server) {
    if (shown) {
      return false;
    }
    synchronized (this) {
      if (shown) {
        return false;
      }
      shown = true;
    }
    try {
      StatusJoin.join(server);
    } catch (Throwable t) {
      Log.warn("jmx: the MBean dev.hermes:type=Status was not registered: " + Log.describe(t));
    }
    return false;
  }

  /** Rewrites ManagementFactory when it loads; never fails the load. */
  private static final class Rewrite extends JdkClassRewrite {
    Rewrite() {
      super(
          ManagementFactoryRewriter.CLASS,
          "this JDK's ManagementFactory has no getPlatformMBeanServer(); the MBean"
              + " dev.hermes:type=Status is not shown",
          "cannot watch for the platform MBeanServer; dev.hermes:type=Status is not shown");
    }

    @Override
    protected byte[] rewrite(byte[] original) {
      return ManagementFactoryRewriter.rewrite(original);
    }
  }
}
