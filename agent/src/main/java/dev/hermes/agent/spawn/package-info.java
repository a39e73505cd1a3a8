/**
 * Internal: the {@code ProcessBuilder} rewrite that gives child JVMs the agent and tells them where
 * their parent is ({@link dev.hermes.agent.config.ChildLaunch}). Injected code names only {@code
 * java.base} types and reaches the hook through a system property. Not exported.
 */
package dev.hermes.agent.spawn;
