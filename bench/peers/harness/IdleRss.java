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
 * the groups take turns, in an order rotated each round. With {@code -Dbench.groupSize=N}, at
 * most N of a group at a time (the group's order rotated each round, so who shares the machine
 * with whom changes). Lines are as for {@code Launches}.
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
    int size = Integer.getInteger("bench.groupSize", Integer.MAX_VALUE);
    for (int round = 0; round < rounds; round++) {
      for (String group : order) {
        List<List<String>> members = new ArrayList<>(groups.get(group));
        Collections.rotate(members, -round);
        for (int from = 0; from < members.size(); from += size) {
          together(members.subList(from, Math.min(members.size(), from + size)), round, afterMillis);
        }
      }
      Collections.rotate(order, 1);
    }
  }

  /** Starts the variants at once and prints the VmRSS of each MILLIS after its own start. */
  private static void together(List<List<String>> members, int round, long afterMillis)
      throws Exception {
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
}
