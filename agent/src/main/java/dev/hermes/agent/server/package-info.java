/**
 * Internal: loading and starting the private HTTP server.
 *
 * <p>{@link dev.hermes.agent.server.JdkHttpServerLoader} defines a private copy of the JDK's {@code
 * com.sun.net.httpserver} implementation and of the agent's own {@code dev.hermes.agent.http}
 * package, from the runtime image and the agent jar. <b>The invariant this relies on: code loaded
 * by the host's loader (every agent package but {@code http}) never names a {@code
 * dev.hermes.agent.http} type.</b> Such a reference would make the host's loader define a second
 * copy of that type, linked against the boot layer's {@code jdk.httpserver} (absent in some JVMs)
 * and sharing its JVM-wide settings. So {@link dev.hermes.agent.server.EndpointLauncher} names the
 * server class by string, and what crosses the boundary is typed by this package ({@link
 * dev.hermes.agent.server.Endpoint}) or by packages outside {@code http}. {@code ArchitectureTest}
 * checks the compiled classes for such references. Not exported.
 */
package dev.hermes.agent.server;
