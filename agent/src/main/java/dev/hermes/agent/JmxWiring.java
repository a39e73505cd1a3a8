package dev.hermes.agent;

import dev.hermes.agent.config.AgentConfig;
import dev.hermes.agent.mbean.JmxLines;
import dev.hermes.agent.support.Log;
import dev.hermes.jmx.JmxBridge;
import dev.hermes.jmx.JmxSettings;
import java.time.Duration;

/**
 * Starts the JMX bridge. A class of its own so that nothing naming {@code javax.management} is
 * linked in a JVM whose boot layer lacks {@code java.management}.
 */
final class JmxWiring {
  // The platform MBeanServer initialises java.util.logging; an app that picks its LogManager in
  // main (JBoss-style) must get there first, so at launch the bridge waits this long.
  static final Duration LAUNCH_DELAY = Duration.ofSeconds(2);

  private JmxWiring() {}

  /**
   * Starts sampling; {@code statusShownByHook}: the platform MBeanServer's creation is watched (see
   * {@code mbean}), so the bridge does not create it to show {@code dev.hermes:type=Status}.
   */
  static void start(AgentConfig config, boolean atLaunch, boolean statusShownByHook) {
    if (!config.jmxEnabled()) {
      return;
    }
    if (java.lang.module.ModuleFinder.ofSystem().find("java.management").isEmpty()) {
      return; // not in the runtime image at all: Startup said so, with the jlink to fix it
    }
    if (ModuleLayer.boot().findModule("java.management").isEmpty()) {
      Log.warn(
          "the java.management module is not in this JVM's boot layer; JMX keys are off"
              + " (add --add-modules java.management to have them)");
      return;
    }
    JmxBridge.start(
        JmxSettings.builder()
            .rules(config.jmxRules())
            .interval(config.jmxInterval())
            .startDelay(atLaunch ? LAUNCH_DELAY : Duration.ZERO)
            .errors(new JmxLines())
            .registerStatusMBean(!statusShownByHook)
            .build());
  }
}
