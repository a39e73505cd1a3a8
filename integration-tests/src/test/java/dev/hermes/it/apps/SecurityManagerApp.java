package dev.hermes.it.apps;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Installs a SecurityManager at run time, as some hosts do: {@code SecurityManagerApp FLAG_FILE}
 * waits for FLAG_FILE to exist, installs the default SecurityManager, prints a line, lives 2 s more
 * and exits 0. Needs {@code -Djava.security.manager=allow} on JDK 18 and later.
 */
public final class SecurityManagerApp {
  private SecurityManagerApp() {}

  @SuppressWarnings({"removal", "deprecation"})
  public static void main(String[] args) throws Exception {
    System.out.println("sm: hello");
    Path flag = Path.of(args[0]);
    while (!Files.exists(flag)) {
      Thread.sleep(20);
    }
    System.setSecurityManager(new SecurityManager());
    System.out.println("sm: installed");
    Thread.sleep(2000);
    System.out.println("sm: bye");
    System.exit(0);
  }
}
