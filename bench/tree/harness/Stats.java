import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Order statistics of samples, nearest-rank percentiles. As a program it reads {@code label
 * value} lines (tab-separated) on stdin and prints {@code label/stat value} figure lines, stat
 * one of n, median, p90, p99, min, max, mean: {@code java Stats < samples.tsv}.
 */
final class Stats {
  static final String[] NAMES = {"n", "median", "p90", "p99", "min", "max", "mean"};

  private Stats() {}

  /** n, median, p90, p99, min, max, mean of the samples, in the order of {@link #NAMES}. */
  static double[] of(double[] samples) {
    double[] v = samples.clone();
    Arrays.sort(v);
    int n = v.length;
    if (n == 0) {
      double[] none = new double[NAMES.length];
      Arrays.fill(none, 1, none.length, Double.NaN);
      return none;
    }
    double median = n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    double sum = 0;
    for (double x : v) {
      sum += x;
    }
    return new double[] {n, median, rank(v, 0.90), rank(v, 0.99), v[0], v[n - 1], sum / n};
  }

  /** Nearest-rank percentile of sorted values. */
  static double rank(double[] sorted, double p) {
    return sorted[Math.max(0, (int) Math.ceil(p * sorted.length) - 1)];
  }

  /** The figure lines of {@link #of}: {@code prefix/stat<TAB>value}, 3 decimals. */
  static String figures(String prefix, double[] samples) {
    double[] s = of(samples);
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < NAMES.length; i++) {
      out.append(figure(prefix + "/" + NAMES[i], s[i]));
    }
    return out.toString();
  }

  static String figure(String key, double value) {
    return String.format(Locale.ROOT, "%s\t%.3f%n", key, value);
  }

  public static void main(String[] args) throws Exception {
    Map<String, double[]> byLabel = new LinkedHashMap<>();
    Map<String, Integer> counts = new LinkedHashMap<>();
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (String line; (line = in.readLine()) != null; ) {
      if (line.isBlank()) {
        continue;
      }
      String[] f = line.split("\t");
      double[] v = byLabel.computeIfAbsent(f[0], k -> new double[16]);
      int c = counts.getOrDefault(f[0], 0);
      if (c == v.length) {
        v = Arrays.copyOf(v, c * 2);
        byLabel.put(f[0], v);
      }
      v[c] = Double.parseDouble(f[1]);
      counts.put(f[0], c + 1);
    }
    for (Map.Entry<String, double[]> e : byLabel.entrySet()) {
      System.out.print(figures(e.getKey(), Arrays.copyOf(e.getValue(), counts.get(e.getKey()))));
    }
  }
}
