#!/usr/bin/env bash
# The soak (issue 10): a real 3-level tree (root -Xmx128m with hermes.jar, a child, a grandchild,
# each reporting 50 fixed keys and a tick every 100 ms) under three attacks at once -- a
# memory-exhaustion hog, a 100-client slow swarm, SSE open/close churn -- while /health is probed
# every 100 ms, the root's heap and RSS are sampled each second and every legitimate key is
# checked at the root. One table per JDK.
#
#   bench/soak/run.sh                  a 60 s window on JDK 17
#   bench/soak/run.sh --quick          a 15 s window
#   bench/soak/run.sh --seconds N      an N s window
#   bench/soak/run.sh --jdk 25         the tree's JDK: 17 (default), 25 or both
#   bench/soak/run.sh --jar PATH       another hermes.jar (e.g. main before a fix)
#   bench/soak/run.sh --tag NAME       appended to the report's name and the raw directory's
#   bench/soak/run.sh --attacks LIST   a subset of hog,swarm,sse (default: all three), e.g. to see
#                                      the hog alone; the report's name gets -LIST (+ for ,)
#
# Compiles bench/soak/{harness,apps} with javac (never Maven); the harness runs on JDK 17. Raw
# files go to bench/out/soak/raw[-quick][-LIST][-tag]/, the report to
# bench/out/soak-<date>[-quick][-LIST][-tag].md, and it is printed. JAVA17_HOME and JAVA25_HOME
# choose the JDKs. Rows and caveats: bench/soak/README.md.
set -euo pipefail

BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ROOT="$(dirname "$BENCH")"
HERE="$BENCH/soak"
WORK="$BENCH/out/soak"
JAVA17_HOME="${JAVA17_HOME:-/usr/lib/jvm/java-17-openjdk-amd64}"
JAVA25_HOME="${JAVA25_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
JAR="$ROOT/agent/target/hermes.jar"
ROOT_OPTS="-Xmx128m"

mode=full seconds=60 jdk_choice=17 tag="" attacks=hog,swarm,sse
while [[ $# -gt 0 ]]; do
  case "$1" in
    --quick) mode=quick seconds=15 ;;
    --seconds) seconds="${2:?--seconds needs a number}"; shift ;;
    --jdk) jdk_choice="${2:?--jdk needs 17, 25 or both}"; shift ;;
    --jar) JAR="${2:?--jar needs a path}"; shift ;;
    --tag) tag="${2:?--tag needs a name}"; shift ;;
    --attacks) attacks="${2:?--attacks needs a list}"; shift ;;
    -h | --help) sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown option [$1]: see --help" >&2; exit 2 ;;
  esac
  shift
done
[[ $seconds =~ ^[0-9]+$ && $seconds -ge 1 ]] || { echo "--seconds takes whole seconds" >&2; exit 2; }
[[ $tag =~ ^[A-Za-z0-9_-]*$ ]] || { echo "--tag takes letters, digits, _ and -" >&2; exit 2; }
[[ $attacks =~ ^(hog|swarm|sse)(,(hog|swarm|sse))*$ ]] || { echo "--attacks takes hog, swarm and sse, comma-separated" >&2; exit 2; }
case "$jdk_choice" in
  17) JDKS=(17) ;;
  25) JDKS=(25) ;;
  both) JDKS=(17 25) ;;
  *) echo "--jdk takes 17, 25 or both" >&2; exit 2 ;;
esac
# The report's name and the raw directory's share a suffix: [-quick][-LIST][-tag].
suffix="$([[ $mode == quick ]] && echo -quick || true)"
[[ $attacks == hog,swarm,sse ]] || suffix+="-${attacks//,/+}"
suffix+="${tag:+-$tag}"
RAW="$WORK/raw$suffix"

die() { echo "bench/soak: $*" >&2; exit 1; }
java_home() { if [[ $1 == 17 ]]; then echo "$JAVA17_HOME"; else echo "$JAVA25_HOME"; fi; }

# Every process this script starts, by PID. The tree's child and grandchild are the root's: they
# are found from the root's PID (ps --ppid) before it is stopped, and stopped by PID too.
STARTED=()
running() { # alive and not a zombie
  local stat
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
  [[ ${stat##*) } != Z* ]]
}
descendants() {
  local p
  for p in $(ps -o pid= --ppid "$1" 2>/dev/null || true); do
    echo "$p"
    descendants "$p"
  done
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
stop_all() {
  local pid all=()
  for pid in ${STARTED[@]+"${STARTED[@]}"}; do
    all+=("$pid")
    all+=($(descendants "$pid"))
  done
  for pid in ${all[@]+"${all[@]}"}; do
    stop_pid "$pid"
  done
  STARTED=()
}
trap stop_all EXIT
trap 'exit 130' INT TERM

prepare() {
  [[ -x $JAVA17_HOME/bin/javac ]] || die "no JDK 17 at $JAVA17_HOME (set JAVA17_HOME)"
  local jdk
  for jdk in "${JDKS[@]}"; do
    [[ -x $(java_home "$jdk")/bin/java ]] || die "no JDK $jdk at $(java_home "$jdk")"
  done
  [[ -f $JAR ]] || die "no $JAR: build it (mvn -q -o install -DskipTests -pl api,bridge-jmx,agent -am) or pass --jar"
  rm -rf "$RAW" "$WORK/classes" "$WORK/apps"
  mkdir -p "$RAW" "$WORK/classes" "$WORK/apps"
  cp "$JAR" "$WORK/hermes.jar" # a copy: a rebuild during the run changes nothing
  "$JAVA17_HOME/bin/javac" --release 17 -d "$WORK/classes" "$HERE"/harness/*.java
  # The app uses the api classes that hermes.jar carries (the agent jar is on the class path).
  "$JAVA17_HOME/bin/javac" --release 17 -cp "$WORK/hermes.jar" -d "$WORK/apps" "$HERE"/apps/*.java
}

describe_run() {
  local cpu mem jdk
  cpu=$(lscpu | sed -n 's/^Model name:[[:space:]]*//p' | head -1)
  mem=$(awk '/^MemTotal:/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)
  echo "## Soak: $(date '+%F %H:%M') ($mode run, a ${seconds} s window$([[ $mode == quick ]] && echo ": a smoke run, not final" || true))"
  echo
  echo "- Machine: $(nproc) cores ($cpu), $mem memory, Linux $(uname -r); load average $(cut -d' ' -f1-3 /proc/loadavg) at the start;"
  echo "  shared with other work: see *interference*."
  echo "- hermes.jar: \`$JAR\`, built $(date -r "$JAR" '+%F %T'), sha256 $(sha256sum "$WORK/hermes.jar" | cut -c1-12)$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null | sed 's/^/; the repo is at /;s/$/ (the jar may be older)/')"
  for jdk in "${JDKS[@]}"; do
    echo "- JDK $jdk: $("$(java_home "$jdk")/bin/java" -version 2>&1 | sed -n 2p)"
  done
  echo "- Tree: root \`$ROOT_OPTS -javaagent:hermes.jar=port=<free>,jmx=off SoakNode root\`, child and grandchild"
  echo "  \`-Xmx48m -XX:+UseSerialGC\` with \`HERMES_JMX=off\`; each reports soak.k00..k49 and soak.tick every 100 ms."
  echo "- Attacks, at once: (a) a token-less \`hog\` pushing 120 × 8,192-character values under new keys per"
  echo "  update, one update after another; (b) 100 slow clients, half trickling a join body, half a request head,"
  echo "  1 byte/s, reconnecting when cut; (c) one loop opening \`/events\`, reading 50 ms, closing."
  [[ $attacks == hog,swarm,sse ]] || echo "- **Only these attacks: $attacks.**"
  echo "  Rows: bench/soak/README.md."
}

# one JDK: the tree, the harness against it, everything stopped, the root's log scanned.
run_jdk() {
  local jdk=$1 java port root_pid harness_pid rc=0 result="$RAW/$1.result" log="$RAW/$1.root.log"
  java="$(java_home "$jdk")/bin/java"
  printf '\n== JDK %s (load %s)\n' "$jdk" "$(cut -d' ' -f1 /proc/loadavg)" >&2
  mkdir -p "$RAW/$jdk"
  port=$("$JAVA17_HOME/bin/java" -cp "$WORK/classes" Soak free-port)
  # The tree's own bound (the window + 5 min) ends it even if this script is killed with -9.
  "$java" $ROOT_OPTS "-javaagent:$WORK/hermes.jar=port=$port,jmx=off" -Dsoak.logs="$RAW/$jdk" \
    -cp "$WORK/apps" SoakNode root $((seconds + 300)) >"$log" 2>&1 &
  root_pid=$!
  STARTED+=("$root_pid")
  "$JAVA17_HOME/bin/java" -Xmx256m -cp "$WORK/classes" Soak --port "$port" --root-pid "$root_pid" \
    --seconds "$seconds" --jstat "$(java_home "$jdk")/bin/jstat" --clk "$(getconf CLK_TCK)" \
    --attacks "$attacks" --result "$result" --raw "$RAW/$jdk" > >(tee "$RAW/$jdk.harness.log" >&2) 2>&1 &
  harness_pid=$!
  STARTED+=("$harness_pid")
  wait "$harness_pid" || rc=$?
  local root_end="still running after the harness: stopped by this script"
  if ! running "$root_pid"; then
    local root_rc=0
    wait "$root_pid" || root_rc=$?
    root_end="exited by itself, with code $root_rc"
  fi
  stop_all
  [[ -s $result ]] || printf 'Error\tthe harness ended (exit %s) without a result: see %s\n' "$rc" "$RAW/$jdk.harness.log" >>"$result"
  local oom uncaught traces hermes first
  oom=$(grep -c 'OutOfMemoryError' "$log" || true)
  uncaught=$(grep -cE '^Exception( in thread|:)' "$log" || true)
  traces=$(grep -cE '^[[:space:]]+at ' "$log" || true)
  hermes=$(grep -c '^\[hermes\]' "$log" || true)
  first=$(grep -m1 -E 'OutOfMemoryError' "$log" || grep -m1 -E 'Exception|Error' "$log" || true)
  printf 'Root process\t%s\n' "$root_end" >>"$result"
  printf 'Root stderr\t%s OutOfMemoryError lines, %s uncaught exceptions, %s stack-trace lines, %s [hermes] lines%s\n' \
    "$oom" "$uncaught" "$traces" "$hermes" "${first:+; first: \`${first:0:160}\`}" >>"$result"
}

main() {
  prepare
  describe_run >"$RAW/run.md"
  local jdk file
  for jdk in "${JDKS[@]}"; do
    run_jdk "$jdk"
  done
  file="$BENCH/out/soak-$(date +%F)$suffix.md"
  {
    cat "$RAW/run.md"
    for jdk in "${JDKS[@]}"; do
      printf '\n### JDK %s\n\n| measure | value |\n|---|---|\n' "$jdk"
      awk -F'\t' '{ gsub(/\|/, "\\|", $2); printf "| %s | %s |\n", $1, $2 }' "$RAW/$jdk.result"
    done
    printf '\nRaw samples: `%s/` (per JDK: `.result`, `.health.tsv`, `.root.tsv`, `.checks.tsv`, `.root.log`, the children'"'"'s logs).\n' "${RAW#"$ROOT"/}"
  } >"$file"
  echo "Written $file" >&2
  cat "$file"
}

main
