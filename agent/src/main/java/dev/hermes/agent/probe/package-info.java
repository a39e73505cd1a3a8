/**
 * Internal: probes from a file ({@code probes=<path>}): {@code http}, {@code tcp} and {@code key}
 * checks with {@code warning} and {@code critical} levels, run on the api's prober ({@code
 * Hermes.probe}) and reported as {@code probe.<name>.*} keys; the file is re-read when it changes.
 * Loaded only when {@code probes=} is set. Not exported.
 */
package dev.hermes.agent.probe;
