/**
 * Internal: {@code dev.hermes:type=Status} without creating the platform MBeanServer, which costs
 * an idle JVM megabytes. {@code ManagementFactory.getPlatformMBeanServer()} is rewritten to hand
 * the server to a hook the moment anyone (the application, JConsole's local attach, a JMX
 * connector) asks for it, and the hook registers the MBean there. Not exported.
 */
package dev.hermes.agent.mbean;
