package dev.hermes.agent.mbean;

import dev.hermes.jmx.JmxBridge;
import javax.management.MBeanServer;

/**
 * Registers the Status MBean on a server handed over by the hook; the only class here that names
 * {@code javax.management}, loaded only once someone has created the platform MBeanServer.
 */
final class StatusJoin {
  private StatusJoin() {}

  static void join(Object server) {
    if (server instanceof MBeanServer) {
      JmxBridge.showStatus((MBeanServer) server, new JmxLines());
    }
  }
}
