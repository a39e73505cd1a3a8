/**
 * Internal: the one HTTP client for a Hermes endpoint ({@link
 * dev.hermes.agent.client.EndpointClient}): timeouts, the secret and session headers, pinning to a
 * parent's certificate, and a refusal (403) told apart from a failure. The push link and the CLI
 * both read through it. Not exported.
 */
package dev.hermes.agent.client;
