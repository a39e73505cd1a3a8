import dev.hermes.api.Hermes;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A member of the soak tree: {@code java SoakNode root|child|grandchild LIFETIME_S}. It reports 50
 * fixed keys {@code soak.k00..k49} (values from {@link #value}, which {@code TreeChecker} repeats)
 * and a counter {@code soak.tick} every 100 ms. The root starts {@code child}, which starts {@code
 * grandchild} (same java, {@code HERMES_NAME} set, {@code HERMES_JMX=off}, output to {@code
 * <soak.logs>/<name>.log}). A member ends when its parent has gone or after LIFETIME_S, so a tree
 * never outlives a harness killed with -9; a shutdown hook stops its own child first.
 */
public final class SoakNode {
  /** Options of the child and grandchild JVMs: small, and cheap on a shared machine. */
  private static final List<String> CHILD_OPTS =
      List.of("-Xmx48m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

  private SoakNode() {}

  /** The fixed value of {@code soak.k<i>} in {@code member}: TreeChecker expects exactly this. */
  static String value(String member, int i) {
    return "soak " + member + " fixed value " + i;
  }

  public static void main(String[] args) throws Exception {
    String role = args[0];
    long lifetimeNanos = TimeUnit.SECONDS.toNanos(Long.parseLong(args[1]));
    long start = System.nanoTime();
    for (int i = 0; i < 50; i++) {
      Hermes.report(String.format("soak.k%02d", i), value(role, i));
    }
    String next = role.equals("root") ? "child" : role.equals("child") ? "grandchild" : null;
    Process kid = next == null ? null : spawn(next, args[1]);
    if (kid != null) {
      Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(kid)));
    }
    ProcessHandle parent =
        role.equals("root") ? null : ProcessHandle.current().parent().orElseThrow();
    for (long tick = 1; System.nanoTime() - start < lifetimeNanos; tick++) {
      Hermes.report("soak.tick", Long.toString(tick));
      Thread.sleep(100);
      if (parent != null && !parent.isAlive()) {
        break;
      }
    }
    if (kid != null) {
      stop(kid);
    }
    System.exit(0);
  }

  private static Process spawn(String name, String lifetime) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(CHILD_OPTS);
    command.add("-Dsoak.logs=" + System.getProperty("soak.logs", "."));
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), "SoakNode", name, lifetime));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().put("HERMES_NAME", name);
    builder.environment().put("HERMES_JMX", "off");
    File log = new File(System.getProperty("soak.logs", "."), name + ".log");
    builder.redirectErrorStream(true).redirectOutput(log);
    return builder.start(); // the agent gives it -javaagent and the way to join this JVM
  }

  private static void stop(Process p) {
    p.destroy();
    try {
      if (!p.waitFor(5, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
    }
  }
}
