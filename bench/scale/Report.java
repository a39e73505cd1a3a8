import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The markdown report of a run from the {@code <jdk>-<n>.result} files {@link ScaleBench} wrote:
 * per JDK a table with a row per size, then the pushes during the window of scrapes, then the idle
 * window and the ingest burst, and anything that went wrong.
 *
 * <pre>java Report RAW_DIR HEADER_FILE</pre>
 */
public final class Report {
  private Report() {}

  public static void main(String[] args) throws IOException {
    Path raw = Path.of(args[0]);
    StringBuilder out = new StringBuilder(Files.readString(Path.of(args[1])));
    Map<String, TreeMap<Integer, Map<String, String>>> byJdk = new TreeMap<>();
    try (Stream<Path> files = Files.list(raw)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".result")).toList()) {
        String name = f.getFileName().toString();
        String jdk = name.substring(0, name.indexOf('-'));
        int n = Integer.parseInt(name.substring(name.indexOf('-') + 1, name.indexOf('.')));
        byJdk.computeIfAbsent(jdk, k -> new TreeMap<>()).put(n, read(f));
      }
    }
    for (Map.Entry<String, TreeMap<Integer, Map<String, String>>> jdk : byJdk.entrySet()) {
      table(out, jdk.getKey(), jdk.getValue());
    }
    System.out.print(out);
  }

  private static void table(StringBuilder out, String jdk, TreeMap<Integer, Map<String, String>> rows) {
    out.append("\n### JDK ").append(jdk).append("\n\n");
    out.append(
        "| children | keys at root | `GET /` p50 / p99 ms | `?type=json` p50 / p99 ms"
            + " | `?prefix=` p50 / p99 ms | `/health` p50 / p99 ms | `/metrics` p50 / p99 ms"
            + " | µs/key text / metrics (p50)"
            + " | RSS MiB | heap after GC MiB | root CPU idle % | root CPU with scrapes %"
            + " | burst ingest keys/s | steady ingest keys/s | all visible s | wrongly flagged"
            + " | wrongly flagged after burst | ghosts | sim CPU % | sim lateness p99 ms"
            + " | interference % |\n");
    out.append("|---:".repeat(21)).append("|\n");
    List<String> notes = new ArrayList<>();
    for (Map.Entry<Integer, Map<String, String>> e : rows.entrySet()) {
      Map<String, String> r = e.getValue();
      int n = e.getKey();
      double keys = num(r, "keys_at_root");
      String visible = r.getOrDefault("all_visible_s", "");
      if (visible.isEmpty() && r.containsKey("visible_at_deadline")) {
        visible =
            "> " + r.get("visible_deadline_s") + " (" + r.get("visible_at_deadline") + "/" + n + ")";
      }
      out.append("| ")
          .append(n)
          .append(" | ")
          .append(cell(r.get("keys_at_root")))
          .append(" | ")
          .append(latency(r, "text"))
          .append(" | ")
          .append(latency(r, "json"))
          .append(" | ")
          .append(latency(r, "prefix"))
          .append(" | ")
          .append(latency(r, "health"))
          .append(" | ")
          .append(latency(r, "metrics"))
          .append(" | ")
          .append(perKey(num(r, "text_p50_ms"), keys))
          .append(" / ")
          .append(perKey(num(r, "metrics_p50_ms"), keys))
          .append(" | ")
          .append(cell(r.get("root_rss_mib")))
          .append(" | ")
          .append(cell(r.get("heap_after_gc_mib")))
          .append(" | ")
          .append(cell(r.get("idle_root_cpu_pct")))
          .append(" | ")
          .append(cell(r.get("root_cpu_pct")))
          .append(" | ")
          .append(cell(r.get("burst_ingest_keys_per_s")))
          .append(" | ")
          .append(cell(r.get("ingest_keys_per_s")))
          .append(" | ")
          .append(cell(visible))
          .append(" | ")
          .append(cell(r.get("wrongly_flagged")))
          .append(" | ")
          .append(cell(r.get("wrongly_flagged_after_burst")))
          .append(" | ")
          .append(cell(r.get("ghosts")))
          .append(" | ")
          .append(cell(r.get("sim_cpu_pct")))
          .append(" | ")
          .append(cell(r.get("lateness_p99_ms")))
          .append(" | ")
          .append(cell(r.get("interference_pct")))
          .append(" |\n");
      if (r.containsKey("keys_at_root_from")) {
        notes.add(n + " children: keys at root from " + r.get("keys_at_root_from"));
      }
      if (r.containsKey("error")) {
        notes.add(n + " children: **" + r.get("error") + "**");
      }
      for (String[] phase :
          new String[][] {{"idle_", "the idle window"}, {"", "the window"}, {"burst_", "the burst"}}) {
        if (r.containsKey(phase[0] + "root_gone_at_window_s")) {
          notes.add(
              n + " children: **the root was gone " + r.get(phase[0] + "root_gone_at_window_s")
                  + " s into " + phase[1] + "**");
        }
      }
      String afterBurst = r.getOrDefault("after_burst_get_status", "200");
      if (!afterBurst.equals("200")) {
        notes.add(n + " children: the `GET /` 5 s after the burst: " + afterBurst);
      }
      if (!r.getOrDefault("wrong_names_after_burst", "").isEmpty()) {
        notes.add(
            n + " children: wrongly flagged after the burst " + r.get("wrong_names_after_burst")
                + " (strictly wrong: " + r.get("strictly_wrong_after_burst")
                + "; not_answering lines: " + r.get("flags_seen_after_burst") + ")");
      }
      if ("false".equals(r.get("root_alive_at_end"))) {
        notes.add(n + " children: the root was not alive at the end");
      }
      if (!r.getOrDefault("root_log_errors", "0").equals("0")) {
        notes.add(n + " children: the root's log: " + r.get("root_log_errors"));
      }
      long refused = (long) (num(r, "join_phase_joins_refused") + num(r, "idle_joins_refused")
          + num(r, "joins_refused") + num(r, "burst_joins_refused"));
      if (refused > 0) {
        notes.add(n + " children: " + refused + " joins refused (403): those children stay away, as the link does");
      }
      if (!r.getOrDefault("ghost_names", "").isEmpty()) {
        notes.add(n + " children: ghosts " + r.get("ghost_names"));
      }
      if (!r.getOrDefault("wrong_names", "").isEmpty()) {
        notes.add(
            n + " children: wrongly flagged " + r.get("wrong_names") + " (strictly wrong: "
                + r.get("strictly_wrong") + "; not_answering lines seen: " + r.get("flags_seen") + ")");
      }
    }
    out.append("\nPushes during the window of scrapes (per second unless said), and the machine:\n\n");
    out.append(
        "| children | pushes ok/s | full pushes ok | failed (timeout / refused / closed / status)"
            + " | connects/s | idle closed by root/s | push round trip p50 / p99 ms"
            + " | slots passed while waiting | sim ready s | sim loop / scraper CPU %"
            + " | machine busy % | load at start | scrapes per type |\n");
    out.append("|---:".repeat(13)).append("|\n");
    for (Map.Entry<Integer, Map<String, String>> e : rows.entrySet()) {
      Map<String, String> r = e.getValue();
      out.append("| ").append(e.getKey())
          .append(" | ").append(cell(r.get("pushes_ok_per_s")))
          .append(" | ").append(cell(r.get("full_pushes_ok")))
          .append(" | ").append(cell(r.get("push_failures"))).append(" (")
          .append(cell(r.get("fail_timeout"))).append(" / ")
          .append(cell(r.get("fail_refused"))).append(" / ")
          .append(cell(r.get("fail_closed"))).append(" / ")
          .append(cell(r.get("fail_status"))).append(")")
          .append(" | ").append(cell(r.get("connects_per_s")))
          .append(" | ").append(cell(r.get("closed_idle_per_s")))
          .append(" | ").append(cell(r.get("push_rtt_p50_ms"))).append(" / ")
          .append(cell(r.get("push_rtt_p99_ms")))
          .append(" | ").append(cell(r.get("delayed_by_root")))
          .append(" | ").append(cell(r.get("sim_ready_s")))
          .append(" | ").append(cell(r.get("sim_loop_cpu_pct"))).append(" / ")
          .append(cell(r.get("sim_scraper_cpu_pct")))
          .append(" | ").append(cell(r.get("machine_busy_pct")))
          .append(" | ").append(cell(r.get("load_at_start")))
          .append(" | ").append(cell(r.get("text_n"))).append(" / ")
          .append(cell(r.get("json_n"))).append(" / ")
          .append(cell(r.get("prefix_n"))).append(" / ")
          .append(cell(r.get("metrics_n")))
          .append(" |\n");
    }
    out.append("\nThe idle window (the children's pushes, no scrapes) and the ingest burst (every child")
        .append(" pushing 100 changed keys back to back), then the tree 5 s after the burst:\n\n");
    out.append(
        "| children | idle: pushes ok/s | idle: push round trip p50 / p99 ms | idle: failed"
            + " | idle: sim CPU % / lateness p99 ms | idle: interference %"
            + " | burst: pushes ok/s | burst: push round trip p50 / p99 ms"
            + " | burst: failed (timeout / refused / closed / status) | burst: connects/s"
            + " | burst: root CPU % | burst: sim loop CPU % | burst: interference %"
            + " | after: not_answering shown (strictly wrong) | after: pushes ok / failed |\n");
    out.append("|---:".repeat(15)).append("|\n");
    for (Map.Entry<Integer, Map<String, String>> e : rows.entrySet()) {
      Map<String, String> r = e.getValue();
      out.append("| ").append(e.getKey())
          .append(" | ").append(cell(r.get("idle_pushes_ok_per_s")))
          .append(" | ").append(cell(r.get("idle_push_rtt_p50_ms"))).append(" / ")
          .append(cell(r.get("idle_push_rtt_p99_ms")))
          .append(" | ").append(cell(r.get("idle_push_failures")))
          .append(" | ").append(cell(r.get("idle_sim_cpu_pct"))).append(" / ")
          .append(cell(r.get("idle_lateness_p99_ms")))
          .append(" | ").append(cell(r.get("idle_interference_pct")))
          .append(" | ").append(cell(r.get("burst_pushes_ok_per_s")))
          .append(" | ").append(cell(r.get("burst_push_rtt_p50_ms"))).append(" / ")
          .append(cell(r.get("burst_push_rtt_p99_ms")))
          .append(" | ").append(cell(r.get("burst_push_failures"))).append(" (")
          .append(cell(r.get("burst_fail_timeout"))).append(" / ")
          .append(cell(r.get("burst_fail_refused"))).append(" / ")
          .append(cell(r.get("burst_fail_closed"))).append(" / ")
          .append(cell(r.get("burst_fail_status"))).append(")")
          .append(" | ").append(cell(r.get("burst_connects_per_s")))
          .append(" | ").append(cell(r.get("burst_root_cpu_pct")))
          .append(" | ").append(cell(r.get("burst_sim_loop_cpu_pct")))
          .append(" | ").append(cell(r.get("burst_interference_pct")))
          .append(" | ").append(cell(r.get("flags_seen_after_burst"))).append(" (")
          .append(cell(r.get("strictly_wrong_after_burst"))).append(")")
          .append(" | ").append(cell(r.get("after_burst_pushes_ok"))).append(" / ")
          .append(cell(r.get("after_burst_push_failures")))
          .append(" |\n");
    }
    if (!notes.isEmpty()) {
      out.append("\n");
      for (String note : notes) {
        out.append("- ").append(note).append("\n");
      }
    }
  }

  private static String latency(Map<String, String> r, String type) {
    String cell = cell(r.get(type + "_p50_ms"), 1) + " / " + cell(r.get(type + "_p99_ms"), 1);
    long failed = (long) num(r, type + "_failed");
    if (failed > 0) {
      long timedOut = (long) num(r, type + "_timeouts");
      cell += " (" + failed + " failed" + (timedOut > 0 ? ", " + timedOut + " timed out" : "") + ")";
    }
    return cell;
  }

  private static String perKey(double millis, double keys) {
    if (Double.isNaN(millis) || Double.isNaN(keys) || keys == 0) {
      return "—";
    }
    return String.format(Locale.ROOT, "%.2f", millis * 1000 / keys);
  }

  private static String cell(String v) {
    return v == null || v.isEmpty() ? "—" : v;
  }

  private static String cell(String v, int decimals) {
    if (v == null || v.isEmpty()) {
      return "—";
    }
    double d = Double.parseDouble(v);
    return String.format(Locale.ROOT, "%." + (d >= 100 ? 0 : decimals) + "f", d);
  }

  private static double num(Map<String, String> r, String key) {
    String v = r.get(key);
    try {
      return v == null || v.isEmpty() ? Double.NaN : Double.parseDouble(v);
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }

  private static Map<String, String> read(Path f) throws IOException {
    Map<String, String> r = new LinkedHashMap<>();
    for (String line : Files.readAllLines(f)) {
      int tab = line.indexOf('\t');
      if (tab > 0) {
        r.put(line.substring(0, tab), line.substring(tab + 1));
      }
    }
    return r;
  }
}
