/**
 * The plain application every agent is attached to: prints {@code main} first thing, then
 * sleeps, at most {@code args[0]} seconds (bounded, so that a harness that dies without cleaning
 * up leaves nothing running for long).
 */
public final class PlainApp {
  public static void main(String[] args) throws InterruptedException {
    System.out.println("main");
    System.out.flush();
    Thread.sleep(1000L * (args.length > 0 ? Long.parseLong(args[0]) : 600));
  }
}
