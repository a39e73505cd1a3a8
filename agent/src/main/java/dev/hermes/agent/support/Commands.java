package dev.hermes.agent.support;

/** Reading a JVM's command line, as {@code sun.java.command} gives it. */
public final class Commands {
  private Commands() {}

  /**
   * The main class, module/class or jar: the first word of {@code command}; null when it is null or
   * blank. {@code firstWord("app.Main --password x")} is {@code app.Main}: the rest, which may hold
   * secrets, is never shown.
   */
  public static String firstWord(String command) {
    String trimmed = command == null ? "" : command.trim();
    if (trimmed.isEmpty()) {
      return null;
    }
    int space = trimmed.indexOf(' ');
    return space < 0 ? trimmed : trimmed.substring(0, space);
  }
}
