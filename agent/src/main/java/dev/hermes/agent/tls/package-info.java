/**
 * Internal: TLS for the endpoint (PKCS#12 or PEM key material) and the pinned trust that children
 * use for their parent's certificate. Not exported.
 */
package dev.hermes.agent.tls;
