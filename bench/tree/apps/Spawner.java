import java.util.Locale;

/**
 * Times this JVM's first and second {@code ProcessBuilder.start()} of a trivial child, each with
 * {@code System.nanoTime()} around {@code new ProcessBuilder(...).start()}, and prints {@code
 * spawn FIRST_MS SECOND_MS}: {@code java Spawner at-once|settled [program]}. {@code at-once}
 * spawns first thing in {@code main}; {@code settled} first waits for an agent's endpoint (the
 * {@code hermes.url} property, at most 5 s) and then 200 ms more, with or without an agent. The
 * first start includes whatever the JVM loads for it; the second is the steady cost of one.
 */
public final class Spawner {
  public static void main(String[] args) throws Exception {
    if (args[0].equals("settled")) {
      long deadline = System.nanoTime() + 5_000_000_000L;
      // hermes.agent is set in premain, hermes.url once the endpoint is bound.
      boolean agent = System.getProperty("hermes.agent") != null;
      while (agent && System.getProperty("hermes.url") == null && System.nanoTime() < deadline) {
        Thread.sleep(1);
      }
      Thread.sleep(200);
    }
    String program = args.length > 1 ? args[1] : "/bin/true";
    long t0 = System.nanoTime();
    Process first = new ProcessBuilder(program).start();
    long t1 = System.nanoTime();
    first.waitFor();
    long t2 = System.nanoTime();
    Process second = new ProcessBuilder(program).start();
    long t3 = System.nanoTime();
    second.waitFor();
    System.out.printf(Locale.ROOT, "spawn %.3f %.3f%n", (t1 - t0) / 1e6, (t3 - t2) / 1e6);
  }
}
