package dev.hermes.api;

/**
 * Something code can check on a schedule: a SQL query, a queue's depth. A check that throws is
 * {@code critical} with the exception as its message; one still running when it is due again is
 * {@code critical} ("no result after ...") until it returns.
 *
 * <p>{@code Hermes.probe("db", Duration.ofSeconds(10), () -> ProbeResult.ok("select 1"))}
 */
@FunctionalInterface
public interface ProbeCheck {
  /** Runs the check once; never called again before the last call returned. */
  ProbeResult check() throws Exception;
}
