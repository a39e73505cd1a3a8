#!/usr/bin/env bash
# The root at scale (issue 11): N children simulated in one JVM join a real root JVM
# (hermes.jar, -Xmx512m, an idle app) and push over HTTP as the agent's ParentLink does: 100 keys
# at first, 3 changed keys every second. For each N, a fresh root; once all N are visible there
# and after a warm-up: an idle window (pushes only: the root's CPU), a window of scrapes, an
# ingest burst (every child pushing 100 changed keys back to back), the tree 5 s after it, heap
# after a full GC; RSS, CPU and ingest throughout.
#
#   bench/scale/run.sh                  N = 10, 100, 300, 1000, 3000, 10000 on JDK 17
#   bench/scale/run.sh --quick          N = 10, 100, 300, 1000: a smoke run (~4 minutes a JDK)
#   bench/scale/run.sh --sizes 10,100   the sizes to run
#   bench/scale/run.sh --jdk 25         the root's JDK: 17 (default), 25 or both
#   bench/scale/run.sh --jar PATH       another hermes.jar (e.g. main before a change)
#   bench/scale/run.sh --tag NAME       appended to the report's name; raw samples in raw-NAME/
#   bench/scale/run.sh --warmup S --window S   (defaults 10 and 20 seconds)
#   bench/scale/run.sh --idle S --burst S      (defaults 10 and 10 seconds; 0 leaves one out)
#   bench/scale/run.sh --spawn          the root spawns N processes (sleep) and the simulated
#                                       children join with their tokens and pids
#   bench/scale/run.sh --keep           keep the tag's earlier results: the report has them too
#                                       (run sizes of two jars in turn, so both see the same load)
#
# Compiles bench/scale/*.java and bench/apps/Idle.java with javac (never runs Maven); the
# simulator always runs on JDK 17. Writes raw samples to bench/out/scale/raw/ and the report to
# bench/out/scale-<date>[-quick][-tag].md, and prints it. JAVA17_HOME and JAVA25_HOME choose the
# JDKs; ROOT_AGENT_OPTS adds agent settings for the root (e.g. jmx=off), ROOT_JAVA_OPTS JVM options
# (e.g. -XX:StartFlightRecording=filename=/tmp/root.jfr,settings=profile).
set -euo pipefail

BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ROOT="$(dirname "$BENCH")"
HERE="$BENCH/scale"
WORK="$BENCH/out/scale"
RAW="$WORK/raw"
JAVA17_HOME="${JAVA17_HOME:-/usr/lib/jvm/java-17-openjdk-amd64}"
JAVA25_HOME="${JAVA25_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
JAR="$ROOT/agent/target/hermes.jar"
ROOT_OPTS="-Xmx512m${ROOT_JAVA_OPTS:+ $ROOT_JAVA_OPTS}"
# The root has a secret (HERMES_SECRET, in its environment only), which the simulator and scraper
# send: with a secret set a root admits any number of children joining without a token (without
# one, 64 at most). And a budget for the children's keys that holds 3,000 simulated children at
# -Xmx512m (the default, 5% of the heap, holds ~780): ROOT_AGENT_OPTS= (empty) for the default.
SECRET="scale-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
ROOT_AGENT_OPTS="${ROOT_AGENT_OPTS-childMemory=128m}"
SIM_OPTS="-Xmx1g -XX:+UseSerialGC"

mode=full sizes="" jdk_choice=17 tag="" warmup=10 window=20 idle=10 burst=10 spawn=false keep=false
while [[ $# -gt 0 ]]; do
  case "$1" in
    --quick) mode=quick ;;
    --sizes) sizes="${2:?--sizes needs a list}"; shift ;;
    --jdk) jdk_choice="${2:?--jdk needs 17, 25 or both}"; shift ;;
    --jar) JAR="${2:?--jar needs a path}"; shift ;;
    --tag) tag="${2:?--tag needs a name}"; shift ;;
    --warmup) warmup="${2:?}"; shift ;;
    --window) window="${2:?}"; shift ;;
    --idle) idle="${2:?}"; shift ;;
    --burst) burst="${2:?}"; shift ;;
    --spawn) spawn=true ;;
    --keep) keep=true ;;
    -h | --help) sed -n '2,26p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown option [$1]: see --help" >&2; exit 2 ;;
  esac
  shift
done
# A tagged run (e.g. another jar) keeps its raw samples apart: raw-<tag>.
[[ $tag =~ ^[A-Za-z0-9_-]*$ ]] || { echo "--tag takes letters, digits, _ and -" >&2; exit 2; }
RAW="$WORK/raw${tag:+-$tag}"
if [[ -z $sizes ]]; then
  if [[ $mode == quick ]]; then sizes=10,100,300,1000; else sizes=10,100,300,1000,3000,10000; fi
fi
case "$jdk_choice" in
  17) JDKS=(17) ;;
  25) JDKS=(25) ;;
  both) JDKS=(17 25) ;;
  *) echo "--jdk takes 17, 25 or both" >&2; exit 2 ;;
esac
[[ $warmup =~ ^[0-9]+$ && $window =~ ^[0-9]+$ && $window -ge 1 ]] || { echo "--warmup and --window take whole seconds" >&2; exit 2; }
[[ $idle =~ ^[0-9]+$ && $burst =~ ^[0-9]+$ ]] || { echo "--idle and --burst take whole seconds" >&2; exit 2; }
IFS=, read -r -a SIZES <<<"$sizes"
for n in "${SIZES[@]}"; do
  [[ $n =~ ^[0-9]+$ && $n -ge 1 && $n -le 10000 ]] || { echo "bad size [$n]: 1..10000" >&2; exit 2; }
done

die() { echo "bench/scale: $*" >&2; exit 1; }
java_home() { if [[ $1 == 17 ]]; then echo "$JAVA17_HOME"; else echo "$JAVA25_HOME"; fi; }

# Every process this script starts, by PID; the EXIT trap stops whichever still runs.
STARTED=()
# Alive and not a zombie (a child not yet waited for still answers kill -0).
running() {
  local stat
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
  [[ ${stat##*) } != Z* ]]
}
stop_pid() {
  local pid=$1 i
  if running "$pid"; then
    kill -TERM "$pid" 2>/dev/null || true
    for i in $(seq 50); do
      running "$pid" || break
      sleep 0.1
    done
    if running "$pid"; then kill -KILL "$pid" 2>/dev/null || true; fi
  fi
  wait "$pid" 2>/dev/null || true
}
cleanup() {
  local pid
  for pid in ${STARTED[@]+"${STARTED[@]}"}; do
    stop_pid "$pid"
  done
  STARTED=()
}
trap cleanup EXIT
trap 'exit 130' INT TERM

prepare() {
  [[ -x $JAVA17_HOME/bin/javac ]] || die "no JDK 17 at $JAVA17_HOME (set JAVA17_HOME)"
  local jdk
  for jdk in "${JDKS[@]}"; do
    [[ -x $(java_home "$jdk")/bin/java ]] || die "no JDK $jdk at $(java_home "$jdk")"
  done
  [[ -f $JAR ]] || die "no $JAR: build it (mvn -q -o install -DskipTests -pl api,bridge-jmx,agent -am) or pass --jar"
  if [[ $keep == true ]]; then rm -rf "$WORK/classes" "$WORK/apps"; else rm -rf "$RAW" "$WORK/classes" "$WORK/apps"; fi
  mkdir -p "$RAW" "$WORK/classes" "$WORK/apps"
  cp "$JAR" "$WORK/hermes.jar" # a copy: a rebuild during the run changes nothing
  "$JAVA17_HOME/bin/javac" --release 17 -d "$WORK/classes" "$HERE"/*.java
  "$JAVA17_HOME/bin/javac" --release 17 -d "$WORK/apps" "$BENCH/apps/Idle.java"
}

describe_run() {
  local cpu mem jdk
  cpu=$(lscpu | sed -n 's/^Model name:[[:space:]]*//p' | head -1)
  mem=$(awk '/^MemTotal:/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)
  echo "## The root at scale: $(date '+%F %H:%M') ($mode run$([[ $mode == quick ]] && echo ": smoke, not final" || true); children: ${SIZES[*]})"
  echo
  echo "- Machine: $(nproc) cores ($cpu), $mem memory, Linux $(uname -r); shared with other"
  echo "  work: see *interference* and *machine busy* (CPU % are of one core: $(nproc)00% is all)."
  for jdk in "${JDKS[@]}"; do
    echo "- Root on JDK $jdk: $("$(java_home "$jdk")/bin/java" -version 2>&1 | sed -n 2p), \`$ROOT_OPTS\`, app \`$(root_app)\`"
  done
  if [[ $spawn == true ]]; then
    echo "- Children: the root spawns N processes \`sleep\` (app \`Spawner\`); each simulated child joins"
    echo "  with one's token and pid, as a spawned JVM would (\`--spawn\`)"
  else
    echo "- Children: joining without a token, all with the simulator's pid"
  fi
  echo "- hermes.jar: \`$JAR\`, built $(date -r "$JAR" '+%F %T'), sha256 $(sha256sum "$WORK/hermes.jar" | cut -c1-12)$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null | sed 's/^/; the repo is at /;s/$/ (the jar may be older)/')"
  echo "- Root agent settings: \`port=<free>${ROOT_AGENT_OPTS:+,$ROOT_AGENT_OPTS}\` and a secret (\`HERMES_SECRET\`, sent by the simulator and scraper); simulator on JDK 17, \`$SIM_OPTS\`"
  echo "- Each child: join, a full push of 100 keys, then 3 changed keys every second; a 2 s"
  echo "  timeout; every update carries \"sent\" and \"seq\". Once all are visible: ${warmup} s of"
  echo "  warm-up with scrapes, a ${idle} s idle window (no scrapes), a ${window} s window of scrapes,"
  echo "  a ${burst} s ingest burst (every child pushing 100 changed keys back to back), then once a"
  echo "  second again and one \`GET /\` 5 s later."
  echo "- Scraper: one keep-alive connection, \`GET /\`, \`/?type=json\`, \`/?prefix=<child>/\`, \`/health\`,"
  echo "  \`/metrics\` in turn, 50 ms between requests, 10 s timeout. Columns: bench/scale/README.md."
}

root_app() { if [[ $spawn == true ]]; then echo Spawner; else echo Idle; fi; }

# step JDK N: a fresh root, the simulator against it, the root stopped.
step() {
  local jdk=$1 n=$2 label="$1-$2" port java rc=0 root_pid sim_pid app kid kids=()
  java="$(java_home "$jdk")/bin/java"
  printf '\n== JDK %s, %s children (load %s)\n' "$jdk" "$n" "$(cut -d' ' -f1 /proc/loadavg)" >&2
  port=$("$JAVA17_HOME/bin/java" -cp "$WORK/classes" ScaleBench free-port)
  # The app's own bound (1 h; a spawned sleep's too) ends the root even if this script is killed
  # with -9.
  if [[ $spawn == true ]]; then app=(-cp "$WORK/classes" Spawner "$n" 3600); else app=(-cp "$WORK/apps" Idle 3600); fi
  HERMES_SECRET="$SECRET" "$java" $ROOT_OPTS "-javaagent:$WORK/hermes.jar=port=$port${ROOT_AGENT_OPTS:+,$ROOT_AGENT_OPTS}" \
    "${app[@]}" >"$RAW/$label.root.log" 2>&1 &
  root_pid=$!
  STARTED+=("$root_pid")
  SCALE_SECRET="$SECRET" "$JAVA17_HOME/bin/java" $SIM_OPTS -cp "$WORK/classes" ScaleBench \
    --port "$port" --root-pid "$root_pid" --n "$n" --label "$label" --raw "$RAW" \
    --jcmd "$(java_home "$jdk")/bin/jcmd" --clk "$(getconf CLK_TCK)" \
    --warmup "$warmup" --window "$window" --idle "$idle" --burst "$burst" --spawn "$spawn" \
    >"$RAW/$label.sim.log" 2>&1 &
  sim_pid=$!
  STARTED+=("$sim_pid")
  wait "$sim_pid" || rc=$?
  stop_pid "$sim_pid"
  # The root's own children (--spawn), by PID: it destroys them when it ends normally, but not
  # when it has to be killed.
  mapfile -t kids < <(ps -o pid= --ppid "$root_pid" 2>/dev/null || true)
  stop_pid "$root_pid"
  for kid in ${kids[@]+"${kids[@]}"}; do
    kid=${kid// /}
    if [[ -n $kid ]] && running "$kid"; then kill -KILL "$kid" 2>/dev/null || true; fi
  done
  STARTED=()
  sed 's/^/    /' "$RAW/$label.sim.log" | grep -v '^    $' >&2 || true
  [[ -f $RAW/$label.result ]] || printf 'n\t%s\nerror\tthe simulator ended (exit %s) without a result\n' "$n" "$rc" >"$RAW/$label.result"
  local oom hermes first
  oom=$(grep -c 'OutOfMemoryError' "$RAW/$label.root.log" || true)
  hermes=$(grep -c '^\[hermes\]' "$RAW/$label.root.log" || true)
  if [[ $oom != 0 || $hermes != 0 ]]; then
    # What the root said (e.g. that it refused children): its first three distinct lines, cut short.
    first=$(grep '^\[hermes\]' "$RAW/$label.root.log" | sed 's/^\[hermes\] pid [0-9]*: //' | tr -d '\t`' |
      awk '!seen[$0]++' | head -3 | cut -c1-160 | sed 's/.*/`&`/' | paste -sd ' ' - || true)
    printf 'root_log_errors\t%s OutOfMemoryError, %s [hermes] lines (%s)%s\n' "$oom" "$hermes" "$label.root.log" \
      "${first:+: $first}" >>"$RAW/$label.result"
  fi
}

main() {
  prepare
  describe_run >"$RAW/run.md"
  local jdk n
  for jdk in "${JDKS[@]}"; do
    for n in "${SIZES[@]}"; do
      step "$jdk" "$n"
    done
  done
  local file
  file="$BENCH/out/scale-$(date +%F)$([[ $mode == quick ]] && echo -quick || true)${tag:+-$tag}.md"
  "$JAVA17_HOME/bin/java" -cp "$WORK/classes" Report "$RAW" "$RAW/run.md" >"$file"
  echo "Written $file" >&2
  cat "$file"
}

main
