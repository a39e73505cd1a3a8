package dev.hermes.agent.cli;

import java.io.Console;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Where a command writes (UTF-8) and whether it may colour its output. */
final class Terminal {
  final PrintStream out;
  final PrintStream err;
  final boolean colour;

  /** Whether standard output is a terminal: a display can be redrawn in place there. */
  final boolean interactive;

  Terminal(PrintStream out, PrintStream err, boolean colour) {
    this(out, err, colour, colour);
  }

  Terminal(PrintStream out, PrintStream err, boolean colour, boolean interactive) {
    this.out = out;
    this.err = err;
    this.colour = colour;
    this.interactive = interactive;
  }

  /** Standard output and error; colour only on an interactive terminal. */
  static Terminal system() {
    boolean interactive = isInteractive();
    return new Terminal(
        new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8),
        new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8),
        colourAllowed(interactive, System.getenv()),
        interactive && !"dumb".equals(System.getenv("TERM")));
  }

  /**
   * ANSI colour only on a terminal, unless {@code TERM=dumb} or {@code NO_COLOR} is set to anything
   * but "" (no-color.org).
   */
  static boolean colourAllowed(boolean interactive, Map<String, String> env) {
    String noColour = env.get("NO_COLOR");
    return interactive
        && !"dumb".equals(env.get("TERM"))
        && (noColour == null || noColour.isEmpty());
  }

  private static boolean isInteractive() {
    Console console = System.console();
    if (console == null) {
      return false;
    }
    // From JDK 22 System.console() is there even when output is redirected; isTerminal() tells.
    try {
      Method isTerminal = Console.class.getMethod("isTerminal");
      return (Boolean) isTerminal.invoke(console);
    } catch (NoSuchMethodException before22) {
      return true;
    } catch (ReflectiveOperationException | RuntimeException e) {
      return false;
    }
  }
}
