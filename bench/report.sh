#!/usr/bin/env bash
# Renders the raw results of bench/run.sh as a markdown fragment on stdout:
#   bench/report.sh [RAW_DIR]     (default bench/out/raw)
set -euo pipefail

RAW="${1:-$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/out/raw}"
# shellcheck source=/dev/null # written by run.sh: MODE, STARTED, repetition counts, WRK, JMH_OPTS
source "$RAW/run.env"

# fig NAME LABEL STAT: a figure from NAME.summary.tsv; STAT is n, median, p90, min or max.
fig() {
  local col
  case "$3" in n) col=2 ;; median) col=3 ;; p90) col=4 ;; min) col=5 ;; max) col=6 ;; esac
  awk -F'\t' -v label="$2" -v col="$col" '$1 == label { print $col }' "$RAW/$1.summary.tsv"
}
int() { awk -v v="$1" 'BEGIN { printf "%.0f", v }'; }
minus() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%+.1f", a - b }'; }

# verdict VALUE OP LIMIT: MET when VALUE OP LIMIT holds (OP is <= or >=).
verdict() {
  awk -v v="$1" -v op="$2" -v l="$3" \
    'BEGIN { ok = (op == "<=") ? (v + 0 <= l + 0) : (v + 0 >= l + 0); print ok ? "MET" : "NOT MET" }'
}

kind_label() {
  case $1 in
    none) echo "no agent" ;;
    empty) echo "empty agent (baseline)" ;;
    big-empty) echo "*diagnosis:* empty premain in a copy of hermes.jar" ;;
    hermes) echo "**hermes.jar**" ;;
    no-inject) echo "*diagnosis:* hermes.jar \`inject=off\`" ;;
    no-jmx) echo "*diagnosis:* hermes.jar \`jmx=off\`" ;;
  esac
}

# rows NAME STYLE KIND...: a table row per kind, JDK 17 and 25 side by side; STYLE p90 shows
# "median / p90", STYLE range "median (min–max)".
rows() {
  local name=$1 style=$2 kind jdk cells
  shift 2
  for kind in "$@"; do
    cells=""
    for jdk in 17 25; do
      if [[ $style == p90 ]]; then
        cells+=" $(fig "$name" "$jdk/$kind" median) / $(fig "$name" "$jdk/$kind" p90) |"
      else
        cells+=" $(fig "$name" "$jdk/$kind" median) ($(fig "$name" "$jdk/$kind" min)–$(fig "$name" "$jdk/$kind" max)) |"
      fi
    done
    echo "| $(kind_label "$kind") |$cells"
  done
}

# jmh FILE METHOD SCALE DIGITS: "score ± error" from a JMH CSV, divided by SCALE.
jmh() {
  awk -F, -v m="$2" -v s="$3" -v d="$4" '
    { gsub(/"/, "") }
    $1 ~ ("\\." m "$") {
      printf "%." d "f", $5 / s
      if ($6 ~ /^[0-9.]+$/) printf " ± %." d "f", $6 / s # too few samples give no error
    }' "$RAW/$1.csv"
}
jmh_score() { awk -F, -v m="$2" '{ gsub(/"/, "") } $1 ~ ("\\." m "$") { print $5 }' "$RAW/$1.csv"; }

classes() {
  awk -F'\t' -v label="$1" '$1 == label { printf "%d / %d / %d / %d / %d", $2, $3, $4, $5, $6 }' \
    "$RAW/classes.tsv"
}

# Stages of a launch, by the first class each loads: "what|class".
STAGES=(
  "java.instrument loaded: the JVM's agent machinery starts|sun.instrument.InstrumentationImpl"
  "premain starts (HermesAgent loaded)|dev.hermes.agent.HermesAgent"
  "premain: SecureRandom for the child registry|java.security.SecureRandom"
  "premain: spawn hook installed (SpawnTransformer)|dev.hermes.agent.spawn.SpawnTransformer"
  "ProcessBuilder loaded (and rewritten by the hook)|java.lang.ProcessBuilder"
  "premain returned: main starts (Idle loaded)|Idle"
  "background: JDK HTTP server classes|com.sun.net.httpserver.HttpServer"
  "background: JMX bridge|dev.hermes.jmx.JmxBridge"
  "first GET / rendered (TextRenderer loaded)|dev.hermes.agent.http.TextRenderer"
)

# stage JDK CLASS: "uptime ms (classes loaded by then)" at the first load of CLASS.
stage() {
  awk -v c="$2" '
    $2 == c { t = $1; gsub(/[^0-9.]/, "", t); printf "%.0f ms (%d classes)", t * 1000, NR; found = 1; exit }
    END { if (!found) printf "—" }' "$RAW/timeline-$1.log"
}

main() {
  local d17 d25 r17 r25 f17 f25 w17 w25 j17 j25
  d17=$(minus "$(fig hello 17/hermes median)" "$(fig hello 17/empty median)")
  d25=$(minus "$(fig hello 25/hermes median)" "$(fig hello 25/empty median)")
  r17=$(minus "$(fig rss 17/hermes median)" "$(fig rss 17/none median)")
  r25=$(minus "$(fig rss 25/hermes median)" "$(fig rss 25/none median)")
  f17=$(fig first 17/hermes median) f25=$(fig first 25/hermes median)
  w17=$(fig wrk 17/hermes median) w25=$(fig wrk 25/hermes median)
  j17=$(jmh_score jmh-17-report-t1 distinctKeys) j25=$(jmh_score jmh-25-report-t1 distinctKeys)

  cat <<EOF
## Results of $STARTED ($MODE run)

$(cat "$RAW/run.md")
- Interference from other processes: $(awk -F'\t' '{ s += $3 } END { printf "%.1f", s }' "$RAW/steps.tsv") CPU-seconds in all (per step at the end).

### Targets (medians of this run)

| target | JDK 17 | JDK 25 | verdict 17 / 25 |
|---|---|---|---|
| hello-world ≤ empty agent + 15 ms | $d17 ms | $d25 ms | $(verdict "$d17" '<=' 15) / $(verdict "$d25" '<=' 15) |
| first HTTP 200 ≤ 200 ms after launch | $f17 ms | $f25 ms | $(verdict "$f17" '<=' 200) / $(verdict "$f25" '<=' 200) |
| idle RSS ≤ no agent + 10 MiB | $r17 MiB | $r25 MiB | $(verdict "$r17" '<=' 10) / $(verdict "$r25" '<=' 10) |
| ≥ 10,000 keep-alive requests/s | $(int "$w17") | $(int "$w25") | $(verdict "$w17" '>=' 10000) / $(verdict "$w25" '>=' 10000) |
| \`report\` ≥ 10 M calls/s, 1 thread | $(jmh jmh-17-report-t1 distinctKeys 1e6 1) M | $(jmh jmh-25-report-t1 distinctKeys 1e6 1) M | $(verdict "$j17" '>=' 1e7) / $(verdict "$j25" '>=' 1e7) |

### Hello-world wall time (ms from launch to exit; median / p90 of $(fig hello 17/none n) interleaved rounds)

| variant | JDK 17 | JDK 25 |
|---|---|---|
$(rows hello p90 $HELLO_KINDS)
| hermes.jar − empty agent (medians) | $d17 | $d25 |

### Launch to first HTTP 200 on \`GET /\` (ms; median / p90 of $(fig first 17/hermes n) interleaved rounds)

| variant | JDK 17 | JDK 25 |
|---|---|---|
$(rows first p90 $FIRST_KINDS)

Where the time goes: one more launch per JDK with \`-Xlog:class+load:uptime\` (the logging slows
it a little); the JVM's uptime when each stage loaded its first class, and the classes loaded by
then.

| stage | JDK 17 | JDK 25 |
|---|---|---|
$(for s in "${STAGES[@]}"; do echo "| ${s%%|*} | $(stage 17 "${s#*|}") | $(stage 25 "${s#*|}") |"; done)
| first HTTP 200 seen by the launcher (time since launch) | $(int "$(awk -F'\t' '$1 == "17/hermes" { print $3 }' "$RAW/timeline.tsv")") ms | $(int "$(awk -F'\t' '$1 == "25/hermes" { print $3 }' "$RAW/timeline.tsv")") ms |

### Idle RSS ${RSS_AFTER_MS} ms after start (MiB, VmRSS; median (min–max) of $(fig rss 17/none n) interleaved rounds)

| variant | JDK 17 | JDK 25 |
|---|---|---|
$(rows rss range $RSS_KINDS)
| hermes.jar − no agent (medians) | $r17 | $r25 |

### Keep-alive throughput of \`GET /\` (wrk $WRK after a warm-up; median (min–max) of $WRK_REPS)

The body: $(wc -l <"$RAW/wrk-body.txt") keys, $(wc -c <"$RAW/wrk-body.txt") bytes. wrk and the JVM share the 2 cores.

| variant | JDK 17 | JDK 25 |
|---|---|---|
| hermes.jar, requests/s | $(int "$w17") ($(int "$(fig wrk 17/hermes min)")–$(int "$(fig wrk 17/hermes max)")) | $(int "$w25") ($(int "$(fig wrk 25/hermes min)")–$(int "$(fig wrk 25/hermes max)")) |
| latency p99, ms | $(fig wrk-p99 17/hermes median) | $(fig wrk-p99 25/hermes median) |
| non-2xx responses, socket errors | $(grep -c 'wrk-17-' "$RAW/wrk-errors.txt" || true) runs with any | $(grep -c 'wrk-25-' "$RAW/wrk-errors.txt" || true) runs with any |

### JMH (\`$JMH_OPTS\`; score ± 99.9% error)

| benchmark | threads | JDK 17 | JDK 25 |
|---|---|---|---|
| \`Hermes.report\`, own keys per thread, M calls/s | 1 | $(jmh jmh-17-report-t1 distinctKeys 1e6 1) | $(jmh jmh-25-report-t1 distinctKeys 1e6 1) |
| \`Hermes.report\`, own keys per thread, M calls/s (all threads) | 2 | $(jmh jmh-17-report-t2 distinctKeys 1e6 1) | $(jmh jmh-25-report-t2 distinctKeys 1e6 1) |
| \`Hermes.report\`, shared keys, M calls/s | 1 | $(jmh jmh-17-report-t1 sharedKeys 1e6 1) | $(jmh jmh-25-report-t1 sharedKeys 1e6 1) |
| \`Hermes.report\`, shared keys, M calls/s (all threads) | 2 | $(jmh jmh-17-report-t2 sharedKeys 1e6 1) | $(jmh jmh-25-report-t2 sharedKeys 1e6 1) |
| 1,000 keys: \`StatusView.of\` + text, µs/op | 1 | $(jmh jmh-17-render text 1 1) | $(jmh jmh-25-render text 1 1) |
| 1,000 keys: \`StatusView.of\` + JSON, µs/op | 1 | $(jmh jmh-17-render json 1 1) | $(jmh jmh-25-render json 1 1) |

### Classes a hello-world loads (\`-Xlog:class+load\`)

All / from the CDS archive / from jrt:/ (the JDK, outside the archive) / from hermes.jar /
lambdas and lambda forms spun at run time.

| variant | JDK 17 | JDK 25 |
|---|---|---|
$(for kind in none empty hermes; do echo "| $(kind_label "$kind") | $(classes "17/$kind") | $(classes "25/$kind") |"; done)

### Interference: CPU time other processes took during each step

All the machine's CPU time (from \`/proc/stat\`) less that of the harness and every process it
waited for. On 2 cores a step of W seconds has 2 × W CPU-seconds; a few tenths is background noise,
more means another workload shared the machine and the step's figures are less trustworthy.

| step | wall time, s | CPU-seconds taken by other processes |
|---|---|---|
$(awk -F'\t' '{ printf "| %s | %s | %s |\n", $1, $2, $3 }' "$RAW/steps.tsv")
EOF
}

main
