#!/usr/bin/env bash
# Reproduces every figure in BENCHMARKS.md, the baselines measured side by side in the same run.
#
#   bench/run.sh              build Hermes, then the full run (~13 minutes on 2 cores)
#   bench/run.sh --quick      fewer repetitions: a smoke run of every step (~3 minutes)
#   bench/run.sh --no-build   use agent/target/hermes.jar and the dev.hermes artifacts in ~/.m2
#
# Writes the raw samples to bench/out/raw/ and the report (bench/report.sh renders it) to
# bench/out/results-<date>[-quick].md, and prints it. JAVA17_HOME and JAVA25_HOME choose the JDKs.
# Run it on an otherwise idle machine: the report shows the CPU time other processes took.
set -euo pipefail

BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(dirname "$BENCH")"
OUT="$BENCH/out"
RAW="$OUT/raw"
JAVA17_HOME="${JAVA17_HOME:-/usr/lib/jvm/java-17-openjdk-amd64}"
JAVA25_HOME="${JAVA25_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
BUILT_JAR="$ROOT/agent/target/hermes.jar"
HERMES_JAR="$OUT/hermes.jar"               # a copy, so that a rebuild mid-run changes nothing
EMPTY_JAR="$OUT/empty-agent.jar"           # the baseline: a premain that does nothing
BIG_EMPTY_JAR="$OUT/big-empty-agent.jar"   # diagnosis: hermes.jar's entries, the empty premain
JMH_JAR="$BENCH/jmh/target/benchmarks.jar"
JDKS=(17 25)

mode=full
build=yes
for arg in "$@"; do
  case "$arg" in
    --quick) mode=quick ;;
    --no-build) build=no ;;
    -h | --help) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown option [$arg]: use --quick, --no-build or --help" >&2; exit 2 ;;
  esac
done

if [[ $mode == full ]]; then
  HELLO_RUNS=30 FIRST_RUNS=20 RSS_RUNS=5 WRK_SECONDS=10 WRK_REPS=3
  JMH_OPTS=(-f 1 -wi 3 -i 5 -w 1s -r 1s)
else
  HELLO_RUNS=5 FIRST_RUNS=5 RSS_RUNS=1 WRK_SECONDS=3 WRK_REPS=1
  JMH_OPTS=(-f 1 -wi 1 -i 2 -w 1s -r 1s)
fi
WARMUP_ROUNDS=2 # discarded rounds before the measured ones (page cache, CDS archive mapped)
RSS_AFTER_MS=5000
WRK_ARGS=(-t2 -c16)

# Every process this script starts in the background; the EXIT trap stops them by PID.
PIDS=()
cleanup() {
  local pid
  for pid in "${PIDS[@]}"; do
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  PIDS=()
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Announces a step, and accounts for the CPU time of the one before: all the machine's, less this
# script's and that of everything it waited for, is what other processes took while it ran.
STEP_NAME=""
step() {
  close_step
  printf '\n== %s\n' "$1" >&2
  STEP_NAME=$1
  STEP_START=$(date +%s.%N)
  STEP_MACHINE=$(machine_ticks)
  STEP_OWN=$(own_ticks)
}
close_step() {
  [[ -n $STEP_NAME && -d $RAW ]] || return 0
  local machine own
  machine=$(($(machine_ticks) - STEP_MACHINE))
  own=$(($(own_ticks) - STEP_OWN))
  awk -v name="$STEP_NAME" -v t0="$STEP_START" -v t1="$(date +%s.%N)" -v other=$((machine - own)) \
    -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%s\t%.0f\t%.1f\n", name, t1 - t0, other / hz }' \
    >>"$RAW/steps.tsv"
}
machine_ticks() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9 }' /proc/stat; }
own_ticks() { awk '{ print $14 + $15 + $16 + $17 }' "/proc/$$/stat"; }
die() { echo "bench: $*" >&2; exit 1; }

# Runs a command in the background, so that the EXIT trap can stop it by PID, and waits for it.
tracked() {
  "$@" &
  local pid=$!
  PIDS+=("$pid")
  wait "$pid"
}

java_of() {
  if [[ $1 == 17 ]]; then echo "$JAVA17_HOME/bin/java"; else echo "$JAVA25_HOME/bin/java"; fi
}
helper() { "$(java_of 17)" -cp "$OUT/harness" "$@"; }

# ---------------------------------------------------------------------------------------------
# Build and prerequisites

prepare() {
  [[ -x $(java_of 17) && -x $(java_of 25) ]] || die "need JDK 17 and 25: set JAVA17_HOME, JAVA25_HOME"
  if [[ $build == yes ]]; then
    step "Building Hermes (mvn install, no tests)"
    (cd "$ROOT" && mvn -B -q install -DskipTests -DskipITs) >&2
  fi
  [[ -f $BUILT_JAR ]] || die "no $BUILT_JAR: run without --no-build"
  if ! command -v wrk >/dev/null; then
    step "Installing wrk"
    local sudo=""
    [[ $EUID -eq 0 ]] || sudo=sudo
    $sudo apt-get update -qq && $sudo apt-get install -y -qq wrk >/dev/null
  fi

  rm -rf "$OUT/apps" "$OUT/harness" "$OUT/empty-agent" "$RAW"
  mkdir -p "$OUT/apps" "$OUT/harness" "$OUT/empty-agent" "$RAW"
  step "Compiling the apps, the empty agents and the harness"
  cp "$BUILT_JAR" "$HERMES_JAR"
  local javac="$JAVA17_HOME/bin/javac" jar="$JAVA17_HOME/bin/jar"
  "$javac" --release 11 -d "$OUT/apps" "$BENCH"/apps/*.java
  "$javac" --release 11 -d "$OUT/empty-agent" "$BENCH"/empty-agent/EmptyAgent.java
  printf 'Premain-Class: EmptyAgent\n' >"$OUT/empty-agent.mf"
  "$jar" --create --file "$EMPTY_JAR" --manifest "$OUT/empty-agent.mf" -C "$OUT/empty-agent" .
  "$javac" -d "$OUT/harness" "$BENCH"/harness/*.java

  # Every entry of hermes.jar, with the empty agent as Premain-Class: tells what opening a
  # 5 MB jar of some 3,000 entries costs apart from what hermes's premain and threads cost.
  local big="$OUT/big-empty"
  rm -rf "$big" && mkdir -p "$big"
  (cd "$big" && unzip -q "$HERMES_JAR" && rm META-INF/MANIFEST.MF)
  cp "$OUT/empty-agent/EmptyAgent.class" "$big/"
  "$jar" --create --file "$BIG_EMPTY_JAR" --manifest "$OUT/empty-agent.mf" -C "$big" .

  step "Building the JMH benchmarks (bench/jmh, standalone)"
  (cd "$BENCH/jmh" && mvn -B -q package) >&2
}

# The machine and the code measured, as markdown list items, for the report.
describe_run() {
  local cpu mem commit dirty
  cpu=$(lscpu | sed -n 's/^Model name:[[:space:]]*//p' | head -1)
  mem=$(awk '/^MemTotal:/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)
  commit=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)
  dirty=$(git -C "$ROOT" status --porcelain -- agent api bridge-jmx pom.xml 2>/dev/null | head -1 || true)
  echo "- Machine: $(nproc) cores ($cpu), $mem memory, Linux $(uname -r)"
  echo "- JDK 17: $("$(java_of 17)" -version 2>&1 | sed -n 2p)"
  echo "- JDK 25: $("$(java_of 25)" -version 2>&1 | sed -n 2p)"
  echo "- wrk: $(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2 || true)"
  echo "- Code: commit $commit${dirty:+ plus uncommitted changes to the agent}; hermes.jar built" \
    "$(date -r "$BUILT_JAR" '+%F %T'), sha256 $(sha256sum "$HERMES_JAR" | cut -c1-12)"
}

# ---------------------------------------------------------------------------------------------
# Variants: <jdk>/<kind>. The kinds marked "diagnosis" explain a cost; they are no target.

# The -javaagent option of a kind (nothing for none); {port} becomes a free port at each launch.
agent_option() {
  case $1 in
    none) ;;
    empty) echo "-javaagent:$EMPTY_JAR" ;;
    big-empty) echo "-javaagent:$BIG_EMPTY_JAR" ;;
    hermes) echo "-javaagent:$HERMES_JAR=port={port}" ;;
    no-inject) echo "-javaagent:$HERMES_JAR=port={port},inject=off" ;;
    no-jmx) echo "-javaagent:$HERMES_JAR=port={port},jmx=off" ;;
    *) die "unknown variant kind [$1]" ;;
  esac
}

# write_variants FILE "KIND..." APP ARGS...: one line per JDK and kind, for the Java helpers.
write_variants() {
  local file=$1 kinds=$2 jdk kind option words
  shift 2
  : >"$file"
  for jdk in "${JDKS[@]}"; do
    for kind in $kinds; do
      words=("$jdk/$kind" "$(java_of "$jdk")")
      option=$(agent_option "$kind")
      [[ -z $option ]] || words+=("$option")
      words+=(-cp "$OUT/apps" "$@")
      (IFS=$'\t' && echo "${words[*]}") >>"$file"
    done
  done
}

summarize() { helper Summarize <"$RAW/$1.tsv" >"$RAW/$1.summary.tsv"; }

HELLO_KINDS="none empty big-empty hermes no-inject no-jmx"
RSS_KINDS="none empty hermes no-inject no-jmx"
FIRST_KINDS="hermes no-inject no-jmx"

measure_hello() {
  step "Hello-world wall time, $HELLO_RUNS interleaved rounds"
  write_variants "$RAW/hello.variants" "$HELLO_KINDS" Hello
  tracked helper WallTime "$RAW/hello.variants" "$HELLO_RUNS" "$WARMUP_ROUNDS" >"$RAW/hello.tsv"
  summarize hello
}

measure_first_ok() {
  step "Launch to first HTTP 200, $FIRST_RUNS interleaved rounds"
  write_variants "$RAW/first.variants" "$FIRST_KINDS" Idle
  tracked helper FirstOk "$RAW/first.variants" "$FIRST_RUNS" "$WARMUP_ROUNDS" >"$RAW/first.tsv"
  summarize first
}

measure_rss() {
  step "Idle RSS ${RSS_AFTER_MS} ms after start, $RSS_RUNS interleaved rounds"
  write_variants "$RAW/rss.variants" "$RSS_KINDS" Idle
  tracked helper IdleRss "$RAW/rss.variants" "$RSS_RUNS" "$RSS_AFTER_MS" >"$RAW/rss.tsv"
  summarize rss
}

# wrk's latency ("325.10us", "1.20ms", "2.00s") in milliseconds.
to_ms() {
  awk -v v="$1" 'BEGIN {
    n = v + 0; u = v; sub(/^[0-9.]+/, "", u)
    printf "%.3f", (u == "us" ? n / 1000 : u == "s" ? n * 1000 : n) }'
}

# Starts an idle JVM with hermes.jar on a free port and waits for its 200; sets SERVER_PORT.
start_server() {
  local jdk=$1 i
  SERVER_PORT=$(helper FreePort)
  "$(java_of "$jdk")" "-javaagent:$HERMES_JAR=port=$SERVER_PORT" -cp "$OUT/apps" Idle 1800 \
    >/dev/null &
  PIDS+=("$!")
  for i in $(seq 100); do
    curl -sf -o /dev/null --max-time 1 "http://127.0.0.1:$SERVER_PORT/" && return 0
    sleep 0.1
  done
  die "hermes on JDK $jdk did not answer on port $SERVER_PORT within 10 s"
}

measure_throughput() {
  step "Keep-alive throughput of GET /, wrk ${WRK_ARGS[*]} -d${WRK_SECONDS}s, $WRK_REPS rounds"
  local jdk rep out order
  declare -A port
  for jdk in "${JDKS[@]}"; do
    start_server "$jdk"
    port[$jdk]=$SERVER_PORT
  done
  curl -s "http://127.0.0.1:${port[17]}/" >"$RAW/wrk-body.txt"
  for jdk in "${JDKS[@]}"; do # warm-up, not recorded
    wrk "${WRK_ARGS[@]}" "-d${WRK_SECONDS}s" "http://127.0.0.1:${port[$jdk]}/" >/dev/null
  done
  : >"$RAW/wrk.tsv"
  : >"$RAW/wrk-p99.tsv"
  : >"$RAW/wrk-errors.txt"
  for rep in $(seq 0 $((WRK_REPS - 1))); do
    if ((rep % 2 == 0)); then order="17 25"; else order="25 17"; fi
    for jdk in $order; do
      out="$RAW/wrk-$jdk-$rep.txt"
      wrk "${WRK_ARGS[@]}" "-d${WRK_SECONDS}s" --latency "http://127.0.0.1:${port[$jdk]}/" >"$out"
      printf '%s/hermes\t%d\t%s\n' "$jdk" "$rep" "$(awk '/^Requests\/sec:/ {print $2}' "$out")" \
        >>"$RAW/wrk.tsv"
      printf '%s/hermes\t%d\t%s\n' "$jdk" "$rep" "$(to_ms "$(awk '$1 == "99%" {print $2}' "$out")")" \
        >>"$RAW/wrk-p99.tsv"
      grep -H -E 'Non-2xx|Socket errors' "$out" >>"$RAW/wrk-errors.txt" || true
    done
  done
  summarize wrk
  summarize wrk-p99
  cleanup
}

measure_jmh() {
  local jdk java
  for jdk in "${JDKS[@]}"; do
    java=$(java_of "$jdk")
    step "JMH on JDK $jdk (${JMH_OPTS[*]})"
    tracked "$java" -jar "$JMH_JAR" ReportBench -t 1 "${JMH_OPTS[@]}" \
      -rf csv -rff "$RAW/jmh-$jdk-report-t1.csv" >"$RAW/jmh-$jdk-report-t1.log" 2>&1
    tracked "$java" -jar "$JMH_JAR" ReportBench -t 2 "${JMH_OPTS[@]}" \
      -rf csv -rff "$RAW/jmh-$jdk-report-t2.csv" >"$RAW/jmh-$jdk-report-t2.log" 2>&1
    tracked "$java" -jar "$JMH_JAR" RenderBench -t 1 "${JMH_OPTS[@]}" \
      -rf csv -rff "$RAW/jmh-$jdk-render.csv" >"$RAW/jmh-$jdk-render.log" 2>&1
  done
}

# Classes a hello-world loads, and where from: what the startup cost is made of.
count_classes() {
  step "Counting the classes a hello-world loads (-Xlog class+load)"
  local jdk kind log option
  : >"$RAW/classes.tsv"
  for jdk in "${JDKS[@]}"; do
    for kind in none empty hermes; do
      log="$RAW/classload-$jdk-$kind.log"
      option=$(agent_option "$kind")
      # shellcheck disable=SC2086 # an empty option must vanish
      "$(java_of "$jdk")" ${option//\{port\}/$(helper FreePort)} \
        "-Xlog:class+load=info:file=$log" -cp "$OUT/apps" Hello >/dev/null
      awk -v label="$jdk/$kind" '
        /source: shared objects file/ { cds++ }
        /source: jrt:\// { jrt++ }
        /source: .*hermes\.jar/ { agent++ }
        !/shared objects file/ && /\$\$Lambda|LambdaForm\$|Species_/ { spun++ }
        END { printf "%s\t%d\t%d\t%d\t%d\t%d\n", label, NR, cds, jrt, agent, spun }' "$log" \
        >>"$RAW/classes.tsv"
    done
  done
}

# One launch to first 200 per JDK with -Xlog:class+load:uptime; report.sh reads the stages.
record_timeline() {
  step "Timeline of one launch to first HTTP 200"
  local jdk
  : >"$RAW/timeline.variants"
  for jdk in "${JDKS[@]}"; do
    printf '%s/hermes\t%s\t%s\t%s\t-cp\t%s\tIdle\n' "$jdk" "$(java_of "$jdk")" \
      "-Xlog:class+load:file=$RAW/timeline-$jdk.log:uptime" "$(agent_option hermes)" \
      "$OUT/apps" >>"$RAW/timeline.variants"
  done
  tracked helper FirstOk "$RAW/timeline.variants" 1 0 >"$RAW/timeline.tsv"
}

# ---------------------------------------------------------------------------------------------

main() {
  prepare
  describe_run >"$RAW/run.md"
  cat >"$RAW/run.env" <<EOF
MODE=$mode STARTED="$(date '+%F %H:%M')"
HELLO_RUNS=$HELLO_RUNS FIRST_RUNS=$FIRST_RUNS RSS_RUNS=$RSS_RUNS RSS_AFTER_MS=$RSS_AFTER_MS
WRK="${WRK_ARGS[*]} -d${WRK_SECONDS}s" WRK_REPS=$WRK_REPS JMH_OPTS="${JMH_OPTS[*]}"
HELLO_KINDS="$HELLO_KINDS" RSS_KINDS="$RSS_KINDS" FIRST_KINDS="$FIRST_KINDS"
EOF
  measure_hello
  measure_first_ok
  measure_rss
  measure_throughput
  measure_jmh
  count_classes
  record_timeline
  close_step
  local file
  file="$OUT/results-$(date +%F)$([[ $mode == quick ]] && echo -quick || true).md"
  "$BENCH/report.sh" "$RAW" >"$file"
  echo "Written $file" >&2
  cat "$file"
}

main
