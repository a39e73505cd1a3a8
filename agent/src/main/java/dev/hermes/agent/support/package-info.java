/**
 * Internal: what every other package may use: the one-line {@code [hermes]} log on stderr, text
 * escaping, named daemon threads, reading a command line. Depends on {@code java.base} only. Not
 * exported.
 */
package dev.hermes.agent.support;
