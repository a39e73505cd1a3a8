import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Wall time of each variant from {@code start()} to exit, in interleaved rounds, the first {@code
 * warmups} discarded: {@code java WallTime variants.tsv 30 2} prints label, round, ms.
 */
final class WallTime {
  public static void main(String[] args) throws Exception {
    List<Variant> variants = Variant.read(Path.of(args[0]));
    int runs = Integer.parseInt(args[1]);
    int warmups = Integer.parseInt(args[2]);
    for (int round = -warmups; round < runs; round++) {
      for (Variant v : Variant.inRound(variants, round + warmups)) {
        ProcessBuilder builder = v.builder(FreePort.next());
        long start = System.nanoTime();
        Process p = Variant.start(builder);
        boolean exited = p.waitFor(60, TimeUnit.SECONDS);
        double ms = (System.nanoTime() - start) / 1e6;
        Variant.stop(p);
        if (!exited) {
          throw new IllegalStateException(v.label + " still running after 60 s");
        }
        if (p.exitValue() != 0) {
          throw new IllegalStateException(v.label + " exited with " + p.exitValue());
        }
        if (round >= 0) {
          System.out.println(v.sample(round, ms));
        }
      }
    }
  }
}
