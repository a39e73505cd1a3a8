package dev.hermes.it.apps;

/** An app that knows nothing of Hermes: {@code PlainApp [sleepMillis] [exitCode]}. */
public final class PlainApp {
  private PlainApp() {}

  public static void main(String[] args) throws InterruptedException {
    System.out.println("plain: hello");
    Thread.sleep(args.length > 0 ? Long.parseLong(args[0]) : 0);
    System.out.println("plain: bye");
    System.exit(args.length > 1 ? Integer.parseInt(args[1]) : 0);
  }
}
