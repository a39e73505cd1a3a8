/** An application that does nothing: the host for idle RSS, first HTTP 200 and throughput. */
public final class Idle {
  public static void main(String[] args) throws InterruptedException {
    long seconds = args.length > 0 ? Long.parseLong(args[0]) : 3600;
    // Bounded, so that a harness that dies without cleaning up leaves no JVM behind for long.
    Thread.sleep(seconds * 1000);
  }
}
