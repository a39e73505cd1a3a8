import java.nio.file.Path;

/**
 * A root that keeps one child, {@code worker1} (an {@code Idle} JVM), running: started again 200
 * ms after each exit. With the agent, the child joins it; the harness kills the child and times
 * the alert.
 */
public final class Supervisor {
  public static void main(String[] args) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String cp = System.getProperty("java.class.path");
    while (true) {
      ProcessBuilder pb = new ProcessBuilder(java, "-Xmx64m", "-cp", cp, "Idle", "3600");
      pb.environment().put("HERMES_NAME", "worker1");
      pb.environment().put("HERMES_JMX", "off");
      Process p = pb.inheritIO().start();
      p.waitFor();
      Thread.sleep(200);
    }
  }
}
