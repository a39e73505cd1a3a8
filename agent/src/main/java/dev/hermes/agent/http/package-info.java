/**
 * Internal: the HTTP routes, loaded with the private copy of the JDK's HTTP server by {@code
 * server.JdkHttpServerLoader}. Code outside this package never names its types (see {@code
 * server}'s package documentation). Not exported.
 */
package dev.hermes.agent.http;
