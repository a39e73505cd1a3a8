package dev.hermes.it.apps;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;

/**
 * Another agent beside Hermes, as APM agents are: once Hermes has started (its URL is published),
 * it retransforms {@code ProcessBuilder} with a transformer that changes nothing, then sets the
 * system property {@code test.retransformed}.
 */
public final class RetransformingAgent {
  private RetransformingAgent() {}

  public static void premain(String args, Instrumentation inst) {
    Thread thread =
        new Thread(
            () -> {
              try {
                while (System.getProperty("hermes.url") == null) {
                  Thread.sleep(50);
                }
                ClassFileTransformer noop =
                    new ClassFileTransformer() {
                      @Override
                      public byte[] transform(
                          ClassLoader loader,
                          String name,
                          Class<?> redefined,
                          ProtectionDomain domain,
                          byte[] bytes) {
                        return null;
                      }
                    };
                inst.addTransformer(noop, true);
                inst.retransformClasses(ProcessBuilder.class);
                System.setProperty("test.retransformed", "yes");
              } catch (Exception e) {
                System.setProperty("test.retransformed", "failed: " + e);
              }
            },
            "retransforming-agent");
    thread.setDaemon(true);
    thread.start();
  }

  /** The app: once ProcessBuilder was retransformed, starts {@code java PlainApp 600000}. */
  public static void main(String[] args) throws Exception {
    while (System.getProperty("test.retransformed") == null) {
      Thread.sleep(50);
    }
    System.out.println("retransformed: " + System.getProperty("test.retransformed"));
    Process child =
        new ProcessBuilder(
                ProcessHandle.current().info().command().orElse("java"),
                "-cp",
                System.getProperty("java.class.path"),
                PlainApp.class.getName(),
                "600000")
            .inheritIO()
            .start();
    child.waitFor();
  }
}
