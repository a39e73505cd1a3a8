#!/usr/bin/env bash
# What sampling the children's processes costs the root (issue 13): the root's CPU with N idle JVM
# children (default 30), with childResources on (each child's /proc/<pid>/stat read once a
# second) beside the same tree with childResources=off, the two interleaved in one run.
#
#   bench/supervise/run.sh            3 rounds of each, 60 s measured per round (~10 minutes)
#   bench/supervise/run.sh --quick    1 round of each, 20 s measured (~2 minutes)
#
# Uses the built agent/target/hermes.jar and api/target/hermes-api-*.jar (build them first; this
# script never runs Maven) and bench/tree/apps/Node.java for the tree. The children report 20
# keys once and change none, so the root's own work is the heartbeats (one push a child a second)
# and its tick. Writes raw samples to bench/out/supervise/ and prints the report. CHILDREN and
# JAVA_HOME (default JDK 17) may be set.
set -euo pipefail

BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ROOT="$(dirname "$BENCH")"
WORK="$BENCH/out/supervise"
JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/java-17-openjdk-amd64}"
JAR="$ROOT/agent/target/hermes.jar"
CHILDREN="${CHILDREN:-30}"
CHILD_OPTS="-Xmx64m -XX:TieredStopAtLevel=1 -Xshare:auto"

mode=full
for arg in "$@"; do
  case "$arg" in
    --quick) mode=quick ;;
    -h | --help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown option [$arg]: use --quick or --help" >&2; exit 2 ;;
  esac
done
if [[ $mode == full ]]; then ROUNDS=3 SETTLE=15 MEASURE=60; else ROUNDS=1 SETTLE=10 MEASURE=20; fi

die() { echo "bench/supervise: $*" >&2; exit 1; }
[[ -f $JAR ]] || die "no $JAR: build it first (mvn -o install -DskipTests -pl api,bridge-jmx,agent -am)"
API="$(ls "$ROOT"/api/target/hermes-api-*.jar 2>/dev/null | grep -v -e sources -e javadoc | head -1)"
[[ -n $API ]] || die "no api/target/hermes-api-*.jar: build it first"

rm -rf "$WORK" && mkdir -p "$WORK/classes"
"$JAVA_HOME/bin/javac" -d "$WORK/classes" -cp "$API" "$BENCH/tree/apps/Node.java"

ROOT_PID=""
FIFO="$WORK/in"
cleanup() {
  exec 3>&- 2>/dev/null || true
  if [[ -n $ROOT_PID ]]; then
    kill -TERM "$ROOT_PID" 2>/dev/null || true
    wait "$ROOT_PID" 2>/dev/null || true
    ROOT_PID=""
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# CPU time (user + system) of a process, in clock ticks of /proc/<pid>/stat.
ticks() { sed 's/.*) //' "/proc/$1/stat" | awk '{print $12 + $13}'; }
hz="$(getconf CLK_TCK)"

# One round: a root with $CHILDREN children, childResources=$1; prints "cpu_seconds wall_seconds".
round() {
  local resources=$1 out="$WORK/root-$1-$2.out" url running i
  rm -f "$FIFO" && mkfifo "$FIFO"
  HERMES_JMX=off "$JAVA_HOME/bin/java" -Xmx128m \
    "-javaagent:$JAR=port=0,childResources=$resources" \
    -Dnode.keys=20 -Dnode.changing=0 "-Dnode.childOpts=$CHILD_OPTS" \
    -cp "$WORK/classes:$API" Node root <"$FIFO" >"$out" 2>"$out.err" &
  ROOT_PID=$!
  exec 3>"$FIFO"
  echo "spawn $CHILDREN" >&3
  for i in $(seq 600); do grep -q "^ok $CHILDREN" "$out" 2>/dev/null && break; sleep 0.1; done
  url="$(sed -n 's/^url //p' "$out")"
  [[ -n $url ]] || die "the root gave no url: $(cat "$out.err")"
  for i in $(seq 1200); do
    running="$(curl -s "$url/" | grep -c '^c[0-9]*/hermes.child.state: running$' || true)"
    [[ $running == "$CHILDREN" ]] && break
    sleep 0.1
  done
  [[ $running == "$CHILDREN" ]] || die "only $running of $CHILDREN children joined"
  sleep "$SETTLE"
  local c0 c1 t0 t1
  c0="$(ticks "$ROOT_PID")" t0="$(date +%s.%N)"
  sleep "$MEASURE"
  c1="$(ticks "$ROOT_PID")" t1="$(date +%s.%N)"
  local sampled
  sampled="$(curl -s "$url/" | grep -c '^c[0-9]*/hermes.child.memory.rss_bytes: ' || true)"
  echo "$resources $2 $(awk -v a="$c0" -v b="$c1" -v h="$hz" 'BEGIN{printf "%.2f", (b-a)/h}') \
$(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.1f", b-a}') $sampled $(cut -d' ' -f1 /proc/loadavg)"
  exec 3>&-
  wait "$ROOT_PID" 2>/dev/null || true
  ROOT_PID=""
}

echo "resources round cpu_s wall_s children_sampled load1" >"$WORK/raw.tsv"
for r in $(seq "$ROUNDS"); do
  # Alternate which goes first, so that a drift in the machine's load favours neither.
  if ((r % 2)); then order="on off"; else order="off on"; fi
  for v in $order; do
    echo "round $r, childResources=$v ..." >&2
    round "$v" "$r" >>"$WORK/raw.tsv"
    tail -n 1 "$WORK/raw.tsv" >&2
  done
done

echo
echo "Root CPU with $CHILDREN idle JVM children, ${MEASURE} s measured per round after ${SETTLE} s"
echo "settling ($ROUNDS round(s) each, interleaved; $(nproc) CPUs; $("$JAVA_HOME/bin/java" -version 2>&1 | head -1)):"
echo
echo "| childResources | root CPU, % of one core (median; each round) | children with figures |"
echo "|---|---|---|"
for v in on off; do
  awk -v v="$v" 'NR > 1 && $1 == v {p = 100 * $3 / $4; print p, $5}' "$WORK/raw.tsv" |
    sort -n | awk -v v="$v" '{p[NR] = $1; s = s (NR > 1 ? ", " : "") sprintf("%.2f", $1); c = $2}
      END {m = (NR % 2) ? p[(NR + 1) / 2] : (p[NR / 2] + p[NR / 2 + 1]) / 2;
           printf "| %s | %.2f (%s) | %s |\n", v, m, s, c}'
done
