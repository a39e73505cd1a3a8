#!/usr/bin/env bash
# The load test (issue 5), on JDK 17 and 25: a JVM with hermes.jar whose app reports without
# pause (4 threads updating 200 keys, 1 ms pauses) is scraped by wrk: GET / keep-alive with 16
# connections, then a flood of 200 connections, then three of 400 (past the agent's
# 256-connection bound) and, once they have settled, 16 again. Requests/s, latency percentiles,
# errors, and the JVM's live heap after a full GC, RSS, threads and open files around each run.
#
#   bench/load/run.sh            the full run (~3 minutes)
#   bench/load/run.sh --quick    a smoke run with short wrk runs (~1.5 minutes)
#
# Uses the built agent/target/hermes.jar and api jar (never runs Maven); installs wrk with
# apt-get if it is missing. Writes raw output to bench/out/load/ and the report to
# bench/out/load-<date>[-quick].md, and prints it. JAVA17_HOME and JAVA25_HOME choose the JDKs.
set -euo pipefail

BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ROOT="$(dirname "$BENCH")"
HERE="$BENCH/load"
WORK="$BENCH/out/load"
RAW="$WORK/raw"
JAVA17_HOME="${JAVA17_HOME:-/usr/lib/jvm/java-17-openjdk-amd64}"
JAVA25_HOME="${JAVA25_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
BUILT_JAR="$ROOT/agent/target/hermes.jar"
JDKS=(17 25)

mode=full
for arg in "$@"; do
  case "$arg" in
    --quick) mode=quick ;;
    -h | --help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown option [$arg]: use --quick or --help" >&2; exit 2 ;;
  esac
done

if [[ $mode == full ]]; then
  WARM_S=5 MAIN_S=20 FLOOD_S=10 OVER_S=5 SETTLE_S=20 RECHECK_S=3
else
  WARM_S=2 MAIN_S=5 FLOOD_S=3 OVER_S=2 SETTLE_S=15 RECHECK_S=2
fi
OVER_ROUNDS=3
MAIN_C=16 FLOOD_C=200 OVER_C=400
APP_ARGS=(4 200 1) # threads, keys, pause ms
APP_SECONDS=600    # the app's own bound on its life
HEAP_TOLERANCE_KIB=2048

APP_PID=""
BACKGROUND=()
cleanup() {
  local pid
  for pid in "${BACKGROUND[@]}"; do
    kill -TERM "$pid" 2>/dev/null || true
  done
  BACKGROUND=()
  if [[ -n $APP_PID ]]; then
    kill -TERM -- "-$APP_PID" 2>/dev/null || true
    local i
    for i in $(seq 50); do
      kill -0 -- "-$APP_PID" 2>/dev/null || break
      sleep 0.1
    done
    kill -KILL -- "-$APP_PID" 2>/dev/null || true
    APP_PID=""
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

step() {
  printf '\n== %s\n' "$1" >&2
  printf '%s\t%s\t%s\n' "$1" "$(cut -d' ' -f1 /proc/loadavg)" "$SECONDS" >>"$RAW/load.tsv"
}
die() { echo "bench/load: $*" >&2; exit 1; }

# Runs a command in the background and waits for it, so that a signal reaches the EXIT trap at
# once rather than after a 20 s wrk run.
tracked() {
  "$@" &
  local pid=$!
  BACKGROUND+=("$pid")
  wait "$pid"
}
java_home() { if [[ $1 == 17 ]]; then echo "$JAVA17_HOME"; else echo "$JAVA25_HOME"; fi; }

prepare() {
  [[ -x $JAVA17_HOME/bin/java && -x $JAVA25_HOME/bin/java ]] || die "need JDK 17 and 25: set JAVA17_HOME, JAVA25_HOME"
  local i api=""
  for i in $(seq 60); do
    api=$(ls "$ROOT"/api/target/hermes-api-*.jar 2>/dev/null | grep -v -e sources -e javadoc | head -1 || true)
    [[ -f $BUILT_JAR && -n $api ]] && break
    echo "waiting for $BUILT_JAR and the api jar ($i/60)" >&2
    sleep 5
  done
  [[ -f $BUILT_JAR && -n $api ]] || die "no $BUILT_JAR or api jar: build the project first"
  if ! command -v wrk >/dev/null; then
    local sudo=""
    [[ $EUID -eq 0 ]] || sudo=sudo
    $sudo apt-get update -qq && $sudo apt-get install -y -qq wrk >/dev/null
  fi
  rm -rf "$WORK"
  mkdir -p "$WORK/apps" "$RAW"
  : >"$RAW/load.tsv"
  step "Compiling the app"
  cp "$BUILT_JAR" "$WORK/hermes.jar" # copies: a rebuild during the run changes nothing
  cp "$api" "$WORK/hermes-api.jar"
  "$JAVA17_HOME/bin/javac" --release 17 -cp "$WORK/hermes-api.jar" -d "$WORK/apps" "$HERE"/apps/*.java
}

describe_run() {
  local cpu mem jdk
  cpu=$(lscpu | sed -n 's/^Model name:[[:space:]]*//p' | head -1)
  mem=$(awk '/^MemTotal:/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)
  echo "- Machine: $(nproc) cores ($cpu), $mem memory, Linux $(uname -r)," \
    "$(. /etc/os-release && echo "$PRETTY_NAME")"
  for jdk in "${JDKS[@]}"; do
    echo "- JDK $jdk: $("$(java_home "$jdk")/bin/java" -version 2>&1 | sed -n 2p)"
  done
  echo "- wrk: $(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2 || true); open files limit $(ulimit -n)"
  echo "- hermes.jar built $(date -r "$BUILT_JAR" '+%F %T'), sha256 $(sha256sum "$WORK/hermes.jar" | cut -c1-12)"
  echo "- Load average (1 min) at the start: $(cut -d' ' -f1 /proc/loadavg)"
}

# Starts the app with hermes.jar on a free port, in a process group of its own; sets APP_PID
# and APP_URL.
start_app() {
  local jdk=$1 i
  : >"$RAW/app-$jdk.out"
  setsid "$(java_home "$jdk")/bin/java" "-javaagent:$WORK/hermes.jar=port=0,jmx=off" \
    -cp "$WORK/apps:$WORK/hermes-api.jar" LoadApp "$APP_SECONDS" "${APP_ARGS[@]}" \
    >"$RAW/app-$jdk.out" &
  APP_PID=$!
  for i in $(seq 300); do
    APP_URL=$(sed -n 's/^ready \(http:.*\)$/\1/p' "$RAW/app-$jdk.out")
    [[ -n $APP_URL ]] && return 0
    kill -0 "$APP_PID" 2>/dev/null || die "the app on JDK $jdk exited before its endpoint was up"
    sleep 0.1
  done
  die "the app on JDK $jdk did not bring its endpoint up within 30 s"
}

# snapshot JDK NAME: the JVM's live heap after a full GC, committed heap, RSS and threads. The
# live heap is the class histogram's total (it runs a full GC first): "used" read after a
# separate GC.run also counts what the reporting threads allocated in between (~15 MB/s).
snapshot() {
  local jdk=$1 name=$2 jcmd heap used committed
  jcmd="$(java_home "$jdk")/bin/jcmd"
  used=$("$jcmd" "$APP_PID" GC.class_histogram | awk '$1 == "Total" { printf "%d", $3 / 1024 }')
  heap=$("$jcmd" "$APP_PID" GC.heap_info)
  echo "$heap" >"$RAW/heap-$jdk-$name.txt"
  # JDK 17: "garbage-first heap   total 57344K, used 7048K"; JDK 25: "... total reserved
  # 6172672K, committed 28672K, used 4691K".
  committed=$(echo "$heap" | grep -m1 'heap' | sed -n -e 's/.*committed \([0-9]*\)K.*/\1/p' \
    -e 's/.*total \([0-9]*\)K, used.*/\1/p' | head -1)
  {
    printf '%s/%s/heap_used_kib\t%s\n' "$jdk" "$name" "$used"
    printf '%s/%s/heap_committed_kib\t%s\n' "$jdk" "$name" "$committed"
    printf '%s/%s/rss_kib\t%s\n' "$jdk" "$name" "$(awk '/^VmRSS:/ { print $2 }' "/proc/$APP_PID/status")"
    printf '%s/%s/threads\t%s\n' "$jdk" "$name" "$(awk '/^Threads:/ { print $2 }' "/proc/$APP_PID/status")"
    printf '%s/%s/fds\t%s\n' "$jdk" "$name" "$(ls "/proc/$APP_PID/fd" | wc -l)"
    printf '%s/%s/updates_per_s\t%s\n' "$jdk" "$name" \
      "$(curl -s --max-time 5 "$APP_URL/?prefix=load.updates_per_s" | sed -n 's/^load.updates_per_s: //p')"
  } >>"$RAW/figures.tsv"
}

# wrk's latency ("325.10us", "1.20ms", "2.00s", "1.00m") in milliseconds.
to_ms() {
  awk -v v="$1" 'BEGIN {
    n = v + 0; u = v; sub(/^[0-9.]+/, "", u)
    printf "%.3f", (u == "us" ? n / 1000 : u == "s" ? n * 1000 : u == "m" ? n * 60000 : n) }'
}

# run_wrk JDK NAME CONNECTIONS SECONDS: a wrk run, parsed into figures.
run_wrk() {
  local jdk=$1 name=$2 c=$3 s=$4 out="$RAW/wrk-$1-$2.txt" p
  tracked wrk -t2 "-c$c" "-d${s}s" --latency "$APP_URL/" >"$out" 2>&1 || true
  {
    printf '%s/%s/rps\t%s\n' "$jdk" "$name" "$(awk '/^Requests\/sec:/ { print $2 }' "$out")"
    printf '%s/%s/requests\t%s\n' "$jdk" "$name" "$(awk '/requests in/ { print $1 }' "$out")"
    for p in 50 75 90 99; do
      printf '%s/%s/p%s\t%s\n' "$jdk" "$name" "$p" "$(to_ms "$(awk -v p="$p%" '$1 == p { print $2 }' "$out")")"
    done
    printf '%s/%s/max\t%s\n' "$jdk" "$name" "$(to_ms "$(awk '$1 == "Latency" && NF >= 4 { print $4; exit }' "$out")")"
    printf '%s/%s/socket_errors\t%s\n' "$jdk" "$name" \
      "$(awk '/Socket errors:/ { gsub(",", ""); print $4 + $6 + $8 + $10 }' "$out" | grep . || echo 0)"
    printf '%s/%s/socket_errors_text\t%s\n' "$jdk" "$name" \
      "$(sed -n 's/^ *Socket errors: //p' "$out" | grep . || echo none)"
    printf '%s/%s/non2xx\t%s\n' "$jdk" "$name" \
      "$(awk '/Non-2xx or 3xx responses:/ { print $NF }' "$out" | grep . || echo 0)"
  } >>"$RAW/figures.tsv"
}

# health JDK NAME: whether GET /health answers on a new connection, and how fast.
health() {
  local answer
  answer=$(curl -s -o /dev/null -w '%{http_code} %{time_total}' --max-time 5 "$APP_URL/health" || true)
  printf '%s/%s/health_code\t%s\n' "$1" "$2" "${answer%% *}" >>"$RAW/figures.tsv"
  printf '%s/%s/health_ms\t%s\n' "$1" "$2" \
    "$(awk -v s="${answer##* }" 'BEGIN { printf "%.1f", s * 1000 }')" >>"$RAW/figures.tsv"
}

measure() {
  local jdk=$1 round
  step "JDK $jdk: warm-up; wrk -c$MAIN_C -d${MAIN_S}s; -c$FLOOD_C -d${FLOOD_S}s; $OVER_ROUNDS × -c$OVER_C -d${OVER_S}s"
  start_app "$jdk"
  curl -s --max-time 5 "$APP_URL/" >"$RAW/body-$jdk.txt"
  tracked wrk -t2 "-c$MAIN_C" "-d${WARM_S}s" "$APP_URL/" >/dev/null
  snapshot "$jdk" before
  run_wrk "$jdk" main "$MAIN_C" "$MAIN_S"
  snapshot "$jdk" after-main
  run_wrk "$jdk" flood "$FLOOD_C" "$FLOOD_S"
  snapshot "$jdk" after-flood
  # Past the bound, repeatedly: each round resets connections mid-answer, which must not use up
  # the bound for good.
  for round in $(seq "$OVER_ROUNDS"); do
    run_wrk "$jdk" "over$round" "$OVER_C" "$OVER_S"
    printf '%s/over%s/fds\t%s\n' "$jdk" "$round" "$(ls "/proc/$APP_PID/fd" | wc -l)" >>"$RAW/figures.tsv"
  done
  health "$jdk" after-over
  snapshot "$jdk" after-over
  # Connections the floods left behind are torn down by the JDK server's timers within ~20 s:
  # the heap is judged once they are gone, and the endpoint must be serving again.
  tracked sleep "$SETTLE_S"
  snapshot "$jdk" settled
  health "$jdk" settled
  run_wrk "$jdk" recheck "$MAIN_C" "$RECHECK_S"
  cleanup
}

# ---------------------------------------------------------------------------------------------
# The report

fig() {
  local v
  v=$(awk -F'\t' -v k="$1" '$1 == k { print $2; exit }' "$RAW/figures.tsv")
  echo "${v:-nan}"
}
num() { awk -v v="$1" -v d="$2" 'BEGIN { if (v == "nan" || v == "") print "—"; else printf "%." d "f", v }'; }
mib() { awk -v v="$1" 'BEGIN { if (v == "nan" || v == "") print "—"; else printf "%.1f", v / 1024 }'; }
verdict() {
  awk -v v="$1" -v op="$2" -v l="$3" 'BEGIN {
    if (v == "nan" || v == "") { print "NOT MEASURED"; exit }
    ok = (op == "<=") ? (v + 0 <= l + 0) : (v + 0 >= l + 0); print ok ? "MET" : "NOT MET" }'
}
errors() { awk -v a="$(fig "$1/$2/socket_errors")" -v b="$(fig "$1/$2/non2xx")" 'BEGIN { if (a == "nan" || b == "nan") print "nan"; else print a + b }'; }
serving() {
  if [[ $(fig "$1/settled/health_code") == 200 && $(errors "$1" recheck) == 0 && $(fig "$1/recheck/requests") != 0 ]]; then
    echo MET
  else
    echo "NOT MET"
  fi
}
delta_kib() { awk -v a="$(fig "$1/$2/heap_used_kib")" -v b="$(fig "$1/$3/heap_used_kib")" 'BEGIN { printf "%d", b - a }'; }

report() {
  local jdk run snap cells
  cat <<EOF
## Load test of $(date '+%F %H:%M') ($mode run$([[ $mode == quick ]] && echo ": smoke, not final" || true))

$(cat "$RAW/run.md")
- The app: \`LoadApp\` with hermes.jar \`port=0,jmx=off\`, default heap; ${APP_ARGS[0]} threads update
  ${APP_ARGS[1]} keys (each thread its share), sleeping ${APP_ARGS[2]} ms after each pass.
  \`GET /\` answers $(wc -l <"$RAW/body-17.txt") keys, $(wc -c <"$RAW/body-17.txt") bytes.
- wrk (2 threads), the JVM and the reporting threads share the 2 cores. A ${WARM_S} s wrk warm-up
  runs first. Live heap after a full GC: the total of \`jcmd PID GC.class_histogram\` (which runs
  one); committed heap from \`GC.heap_info\`.

### Targets

| target | JDK 17 | JDK 25 | verdict 17 / 25 |
|---|---|---|---|
| ≥ 10,000 scrapes/s, wrk -c$MAIN_C | $(num "$(fig 17/main/rps)" 0) | $(num "$(fig 25/main/rps)" 0) | $(verdict "$(fig 17/main/rps)" '>=' 10000) / $(verdict "$(fig 25/main/rps)" '>=' 10000) |
| no socket errors, no non-2xx (-c$MAIN_C) | $(fig 17/main/socket_errors) + $(fig 17/main/non2xx) | $(fig 25/main/socket_errors) + $(fig 25/main/non2xx) | $(verdict "$(errors 17 main)" '<=' 0) / $(verdict "$(errors 25 main)" '<=' 0) |
| no socket errors, no non-2xx (flood -c$FLOOD_C, under the 256 bound) | $(fig 17/flood/socket_errors) + $(fig 17/flood/non2xx) | $(fig 25/flood/socket_errors) + $(fig 25/flood/non2xx) | $(verdict "$(errors 17 flood)" '<=' 0) / $(verdict "$(errors 25 flood)" '<=' 0) |
| live heap after full GC steady over the -c$MAIN_C run (± $((HEAP_TOLERANCE_KIB / 1024)) MiB) | $(delta_kib 17 before after-main) KiB | $(delta_kib 25 before after-main) KiB | $(verdict "$(delta_kib 17 before after-main | tr -d -)" '<=' $HEAP_TOLERANCE_KIB) / $(verdict "$(delta_kib 25 before after-main | tr -d -)" '<=' $HEAP_TOLERANCE_KIB) |
| the endpoint serves again ${SETTLE_S} s after the floods past the bound (\`/health\` 200, wrk -c$MAIN_C without errors) | $(fig 17/settled/health_code), $(errors 17 recheck) errors | $(fig 25/settled/health_code), $(errors 25 recheck) errors | $(serving 17) / $(serving 25) |
| live heap after full GC steady over all floods, ${SETTLE_S} s after them (± $((HEAP_TOLERANCE_KIB / 1024)) MiB) | $(delta_kib 17 after-main settled) KiB | $(delta_kib 25 after-main settled) KiB | $(verdict "$(delta_kib 17 after-main settled | tr -d -)" '<=' $HEAP_TOLERANCE_KIB) / $(verdict "$(delta_kib 25 after-main settled | tr -d -)" '<=' $HEAP_TOLERANCE_KIB) |

### wrk runs (latency in ms)

| run | JDK | requests/s | requests | p50 | p75 | p90 | p99 | max | socket errors | non-2xx |
|---|---|---|---|---|---|---|---|---|---|---|
EOF
  for run in main flood $(seq -f 'over%g' "$OVER_ROUNDS") recheck; do
    for jdk in "${JDKS[@]}"; do
      case $run in
        main) cells="-c$MAIN_C -d${MAIN_S}s" ;;
        flood) cells="flood -c$FLOOD_C -d${FLOOD_S}s" ;;
        over*) cells="*past the bound* (${run#over}/$OVER_ROUNDS): -c$OVER_C -d${OVER_S}s, then $(fig "$jdk/$run/fds") fds open" ;;
        recheck) cells="recheck ${SETTLE_S} s later: -c$MAIN_C -d${RECHECK_S}s" ;;
      esac
      echo "| $cells | $jdk | $(num "$(fig "$jdk/$run/rps")" 0) | $(fig "$jdk/$run/requests") | $(num "$(fig "$jdk/$run/p50")" 2) | $(num "$(fig "$jdk/$run/p75")" 2) | $(num "$(fig "$jdk/$run/p90")" 2) | $(num "$(fig "$jdk/$run/p99")" 2) | $(num "$(fig "$jdk/$run/max")" 1) | $(fig "$jdk/$run/socket_errors_text") | $(fig "$jdk/$run/non2xx") |"
    done
  done
  cat <<EOF

Past the 256-connection bound a further connection is reset at once (SECURITY.md), so errors
are expected in those runs; what matters is that service resumes and memory stays put. \`GET
/health\` on a new connection right after them: $(fig 17/after-over/health_code) in $(fig 17/after-over/health_ms) ms (JDK 17), $(fig 25/after-over/health_code) in $(fig 25/after-over/health_ms) ms (JDK 25);
${SETTLE_S} s later: $(fig 17/settled/health_code) in $(fig 17/settled/health_ms) ms (JDK 17), $(fig 25/settled/health_code) in $(fig 25/settled/health_ms) ms (JDK 25) (000: no HTTP answer).

### The JVM before and after each run

| when | JDK | live heap after a full GC, MiB | heap committed, MiB | RSS, MiB | threads | open fds | app reports/s |
|---|---|---|---|---|---|---|---|
EOF
  for snap in before after-main after-flood after-over settled; do
    for jdk in "${JDKS[@]}"; do
      echo "| $snap | $jdk | $(mib "$(fig "$jdk/$snap/heap_used_kib")") | $(mib "$(fig "$jdk/$snap/heap_committed_kib")") | $(mib "$(fig "$jdk/$snap/rss_kib")") | $(fig "$jdk/$snap/threads") | $(fig "$jdk/$snap/fds") | $(num "$(fig "$jdk/$snap/updates_per_s")" 0) |"
    done
  done
  cat <<EOF

\`settled\`: ${SETTLE_S} s after the last flood, when the JDK server should have torn down the
connections it left. RSS and committed heap follow G1's sizing under an allocation-heavy load
(default heap: a quarter of the machine's memory); the live heap and the open file descriptors
are what a leak would grow.

### Load average (1 min) as each step began, and the step's duration

| step | load | seconds |
|---|---|---|
$(awk -F'\t' 'NR > 1 { printf "| %s | %s | %d |\n", name, load, $3 - start }
  { name = $1; load = $2; start = $3 } END { printf "| %s | %s | |\n", name, load }' "$RAW/load.tsv")
EOF
}

main() {
  prepare
  describe_run >"$RAW/run.md"
  : >"$RAW/figures.tsv"
  local jdk
  for jdk in "${JDKS[@]}"; do
    measure "$jdk"
  done
  step "Done"
  local file
  file="$BENCH/out/load-$(date +%F)$([[ $mode == quick ]] && echo -quick || true).md"
  report >"$file"
  echo "Written $file" >&2
  cat "$file"
}

main
