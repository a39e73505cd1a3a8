import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads label-round-value samples on stdin and prints label, n, median, p90, min, max; p90 is the
 * nearest-rank percentile: {@code java Summarize < hello.tsv}.
 */
final class Summarize {
  public static void main(String[] args) throws Exception {
    Map<String, List<Double>> byLabel = new LinkedHashMap<>();
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (String line; (line = in.readLine()) != null; ) {
      String[] f = line.split("\t");
      byLabel.computeIfAbsent(f[0], k -> new ArrayList<>()).add(Double.parseDouble(f[2]));
    }
    for (Map.Entry<String, List<Double>> e : byLabel.entrySet()) {
      List<Double> v = e.getValue();
      Collections.sort(v);
      int n = v.size();
      double median = n % 2 == 1 ? v.get(n / 2) : (v.get(n / 2 - 1) + v.get(n / 2)) / 2;
      double p90 = v.get((int) Math.ceil(0.9 * n) - 1);
      System.out.println(
          String.format(
              Locale.ROOT,
              "%s\t%d\t%.1f\t%.1f\t%.1f\t%.1f",
              e.getKey(), n, median, p90, v.get(0), v.get(n - 1)));
    }
  }
}
