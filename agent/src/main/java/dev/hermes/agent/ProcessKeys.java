package dev.hermes.agent;

import dev.hermes.api.StatusStore;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The keys every JVM with the agent has, with no code: {@code status} (starting, running,
 * stopping), {@code process.pid}, {@code process.main}, {@code process.started}, {@code
 * process.java.version} and {@code hermes.version}.
 */
final class ProcessKeys {
  static final String STATUS = "status";

  private ProcessKeys() {}

  static void reportIdentity(StatusStore store, String version) {
    ProcessHandle self = ProcessHandle.current();
    store.report("process.pid", Long.toString(self.pid()), 0);
    store.report("process.main", mainOf(System.getProperty("sun.java.command")), 0);
    Instant started = self.info().startInstant().orElseGet(Instant::now);
    store.report("process.started", started.truncatedTo(ChronoUnit.MILLIS).toString(), 0);
    store.report("process.java.version", System.getProperty("java.version", "unknown"), 0);
    store.report("hermes.version", version, 0);
  }

  /** The main class, module/class or jar: the first word of the launcher's command. */
  static String mainOf(String command) {
    if (command == null || command.isBlank()) {
      return "unknown";
    }
    String trimmed = command.trim();
    int space = trimmed.indexOf(' ');
    return space < 0 ? trimmed : trimmed.substring(0, space);
  }
}
