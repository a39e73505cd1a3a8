import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * VmRSS of each variant a fixed time after its own start: {@code java IdleRss variants.tsv ROUNDS
 * MILLIS} prints label, round, MiB. Variants whose labels share the part before the first
 * {@code /} (a JDK) run at the same time, so a round costs MILLIS per group, not per variant;
 * the groups take turns, in an order rotated each round. Lines are as for {@code Launches}.
 */
final class IdleRss {
  public static void main(String[] args) throws Exception {
    List<List<String>> variants = Launches.read(Path.of(args[0]));
    int rounds = Integer.parseInt(args[1]);
    long afterMillis = Long.parseLong(args[2]);
    Map<String, List<List<String>>> groups = new LinkedHashMap<>();
    for (List<String> v : variants) {
      groups.computeIfAbsent(v.get(0).split("/")[0], k -> new ArrayList<>()).add(v);
    }
    List<String> order = new ArrayList<>(groups.keySet());
    for (int round = 0; round < rounds; round++) {
      for (String group : order) {
        List<List<String>> members = new ArrayList<>(groups.get(group));
        Collections.rotate(members, -round);
        List<Process> started = new ArrayList<>();
        List<Long> startedAt = new ArrayList<>();
        try {
          for (List<String> v : members) {
            List<String> command = new ArrayList<>();
            String port = Integer.toString(Launches.freePort());
            for (String w : v.subList(1, v.size())) {
              command.add(w.replace("{port}", port));
            }
            startedAt.add(System.nanoTime());
            started.add(
                new ProcessBuilder(command)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start());
          }
          for (int i = 0; i < members.size(); i++) {
            long due = startedAt.get(i) + TimeUnit.MILLISECONDS.toNanos(afterMillis);
            long left = due - System.nanoTime();
            TimeUnit.NANOSECONDS.sleep(Math.max(0, left));
            Process p = started.get(i);
            if (!p.isAlive()) {
              String label = members.get(i).get(0);
              throw new IllegalStateException(label + " exited with " + p.exitValue());
            }
            System.out.printf(
                java.util.Locale.ROOT,
                "%s\t%d\t%.3f%n",
                members.get(i).get(0),
                round,
                ProcFs.rssMib(p.pid()));
          }
        } finally {
          started.forEach(Launches::destroyTree);
        }
      }
      Collections.rotate(order, 1);
    }
  }
}
