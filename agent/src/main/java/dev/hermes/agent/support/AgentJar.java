package dev.hermes.agent.support;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the agent's classes were loaded from: {@code hermes.jar}. */
public final class AgentJar {
  private AgentJar() {}

  /**
   * The absolute location of the agent's classes: hermes.jar (a classes directory in the agent's
   * own unit tests). Throws when the class loader does not tell it.
   */
  public static Path location() throws Exception {
    return Path.of(AgentJar.class.getProtectionDomain().getCodeSource().getLocation().toURI())
        .toAbsolutePath();
  }

  /** hermes.jar, or null when the agent's classes are not in a jar or cannot be located. */
  public static Path jar() {
    try {
      Path path = location();
      return Files.isRegularFile(path) ? path : null;
    } catch (Exception | Error e) {
      return null;
    }
  }
}
