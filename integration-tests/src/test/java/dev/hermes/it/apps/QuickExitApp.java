package dev.hermes.it.apps;

/**
 * Exits at once, then holds the JVM's shutdown until Hermes's start-up thread has finished: the
 * start-up then runs wholly while the JVM shuts down, as it can in any JVM that exits within
 * milliseconds (a script's {@code java -version}, a tool's short run).
 */
public final class QuickExitApp {
  private QuickExitApp() {}

  public static void main(String[] args) {
    Runtime.getRuntime().addShutdownHook(new Thread(QuickExitApp::awaitHermesStart));
    System.out.println("quick: bye");
    System.exit(0);
  }

  private static void awaitHermesStart() {
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().equals("hermes-start")) {
        try {
          t.join(20_000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }
}
