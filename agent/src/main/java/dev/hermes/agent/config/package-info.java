/**
 * Internal: the agent's configuration. {@link dev.hermes.agent.config.Contract} owns every name of
 * the agent's contract (settings, {@code HERMES_*} variables, system properties, headers); {@link
 * dev.hermes.agent.config.AgentArgs} reads the settings into an {@link
 * dev.hermes.agent.config.AgentConfig}; {@link dev.hermes.agent.config.ChildLaunch} is what a
 * parent tells a child. Depends on {@code support} and {@code java.base} only. Not exported: no
 * type here is API, whatever its modifiers.
 */
package dev.hermes.agent.config;
