import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * VmRSS of each variant a fixed time after its start, in interleaved rounds: {@code java IdleRss
 * variants.tsv 5 5000} prints label, round, MiB.
 */
final class IdleRss {
  public static void main(String[] args) throws Exception {
    List<Variant> variants = Variant.read(Path.of(args[0]));
    int runs = Integer.parseInt(args[1]);
    long afterMillis = Long.parseLong(args[2]);
    for (int round = 0; round < runs; round++) {
      for (Variant v : Variant.inRound(variants, round)) {
        ProcessBuilder builder = v.builder(FreePort.next());
        long start = System.nanoTime();
        Process p = Variant.start(builder);
        try {
          long left = start + TimeUnit.MILLISECONDS.toNanos(afterMillis) - System.nanoTime();
          TimeUnit.NANOSECONDS.sleep(left);
          if (!p.isAlive()) {
            throw new IllegalStateException(v.label + " exited with " + p.exitValue());
          }
          System.out.println(v.sample(round, vmRssKib(p.pid()) / 1024.0));
        } finally {
          Variant.stop(p);
        }
      }
    }
  }

  private static long vmRssKib(long pid) throws Exception {
    for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    throw new IllegalStateException("no VmRSS in /proc/" + pid + "/status");
  }
}
