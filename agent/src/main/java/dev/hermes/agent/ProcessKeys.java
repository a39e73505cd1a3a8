package dev.hermes.agent;

import dev.hermes.agent.config.Contract;
import dev.hermes.agent.support.Commands;
import dev.hermes.agent.support.IsoTime;
import dev.hermes.api.StatusStore;
import java.time.Instant;
import java.util.Optional;

/**
 * The keys every JVM with the agent has, with no code: {@code status} (starting, running,
 * stopping), {@code process.pid}, {@code process.main}, {@code process.started}, {@code
 * process.java.version} and {@code hermes.version}.
 */
final class ProcessKeys {
  static final String STATUS = "status";

  /** The endpoint's URL, under the name of the system property that carries it too. */
  static final String URL = Contract.URL_PROPERTY;

  private ProcessKeys() {}

  static void reportIdentity(StatusStore store, String version) {
    ProcessHandle self = ProcessHandle.current();
    store.report("process.pid", Long.toString(self.pid()), 0);
    store.report("process.main", mainOf(System.getProperty("sun.java.command")), 0);
    Optional<Instant> started = self.info().startInstant();
    store.report("process.started", iso(started.isPresent() ? started.get() : Instant.now()), 0);
    store.report("process.java.version", System.getProperty("java.version", "unknown"), 0);
    store.report("hermes.version", version, 0);
  }

  /** {@code 2026-11-22T04:07:19.590Z}: ISO-8601 UTC to the millisecond. */
  static String iso(Instant instant) {
    return IsoTime.format(instant.toEpochMilli());
  }

  /** The main class, module/class or jar: the first word of the launcher's command. */
  static String mainOf(String command) {
    String main = Commands.firstWord(command);
    return main == null ? "unknown" : main;
  }
}
