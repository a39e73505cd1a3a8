package demo;

import dev.hermes.api.Hermes;
import java.io.File;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small supervision tree: {@code supervisor} starts two workers, each worker starts a fetcher;
 * the supervisor starts a worker that exits again a second later. Every process reports a few
 * changing keys through the api; the agent does the rest.
 */
public final class Demo {
  private Demo() {}

  public static void main(String[] args) throws Exception {
    String role = args.length > 0 ? args[0] : "supervisor";
    switch (role) {
      case "supervisor":
        supervise();
        break;
      case "worker":
        work();
        break;
      default:
        fetch();
    }
  }

  private static void supervise() throws Exception {
    Hermes.report("status", "pending");
    List<Process> children = new ArrayList<>();
    for (String name : new String[] {"worker1", "worker2"}) {
      children.add(start(name, "worker"));
    }
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  synchronized (children) {
                    children.forEach(Process::destroy);
                  }
                }));
    AtomicInteger started = new AtomicInteger(children.size());
    Hermes.report("workers.started", Integer.toString(started.get()));
    // A worker that exits (kill -9 one) is started again a second later, under its name.
    for (int i = 0; i < children.size(); i++) {
      int slot = i;
      Thread restarter =
          new Thread(
              () -> {
                try {
                  while (true) {
                    Process worker;
                    synchronized (children) {
                      worker = children.get(slot);
                    }
                    worker.waitFor();
                    Thread.sleep(1000);
                    synchronized (children) {
                      children.set(slot, start("worker" + (slot + 1), "worker"));
                    }
                    Hermes.report("workers.started", Integer.toString(started.incrementAndGet()));
                  }
                } catch (Exception e) {
                  Hermes.report("supervisor.error", e.toString());
                }
              });
      restarter.setDaemon(true);
      restarter.start();
    }
    Hermes.report("status", "supervising");
    for (long tick = 0; ; tick++) {
      Hermes.report("uptime.ticks", Long.toString(tick));
      Thread.sleep(1000);
    }
  }

  private static void work() throws Exception {
    Hermes.report("status", "launching");
    Hermes.report("message", "Starting logger...");
    Process fetcher = start("fetcher", "fetcher");
    Runtime.getRuntime().addShutdownHook(new Thread(fetcher::destroy));
    Thread.sleep(1500);
    Hermes.report("status", "running");
    for (int jobs = 1; parentAlive(); jobs++) {
      Hermes.report("message", "Processing job " + jobs);
      Hermes.report("jobs.done", Integer.toString(jobs - 1));
      Hermes.report("heartbeat", "ok", Duration.ofSeconds(3));
      Thread.sleep(700);
    }
  }

  private static void fetch() throws Exception {
    Hermes.report("status", "running");
    for (int n = 0; parentAlive(); n++) {
      Hermes.report("fetched", Integer.toString(n));
      Thread.sleep(400);
    }
  }

  private static Process start(String name, String role) throws Exception {
    String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    ProcessBuilder pb =
        new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), "demo.Demo", role);
    pb.environment().put("HERMES_NAME", name);
    return pb.inheritIO().start();
  }

  // Captured once: a handle checks pid and start time, so an orphan (its worker killed with
  // kill -9) sees its parent gone rather than the init process that adopted it.
  private static final ProcessHandle PARENT = ProcessHandle.current().parent().orElse(null);

  private static boolean parentAlive() {
    return PARENT != null && PARENT.isAlive();
  }
}
