import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;

/** Named counts, safe from many threads: {@code tally.add("413")}, {@code tally.get("413")}. */
final class Tally {
  private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

  void add(String name) {
    counts.computeIfAbsent(name, k -> new LongAdder()).increment();
  }

  long get(String name) {
    LongAdder a = counts.get(name);
    return a == null ? 0 : a.sum();
  }

  /** The sum of the counts whose names pass {@code which}. */
  long sum(Predicate<String> which) {
    long n = 0;
    for (Map.Entry<String, LongAdder> e : counts.entrySet()) {
      if (which.test(e.getKey())) {
        n += e.getValue().sum();
      }
    }
    return n;
  }

  /** {@code "413×3, timeout×2"} for the names passing {@code which}, or {@code "-"}. */
  String detail(Predicate<String> which) {
    StringBuilder out = new StringBuilder();
    for (Map.Entry<String, LongAdder> e : new TreeMap<>(counts).entrySet()) {
      if (which.test(e.getKey())) {
        out.append(out.length() == 0 ? "" : ", ").append(e.getKey()).append('×').append(e.getValue().sum());
      }
    }
    return out.length() == 0 ? "-" : out.toString();
  }

  /** Whether a name is an HTTP status: the answers the root served. */
  static boolean isStatus(String name) {
    return name.matches("\\d{3}");
  }
}
