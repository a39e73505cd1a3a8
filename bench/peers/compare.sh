#!/usr/bin/env bash
# Two hermes.jar builds side by side, in one run, with the baselines beside them: hello-world wall
# time and launch to main's first line (LAUNCH_RUNS interleaved rounds), and idle RSS 5 s after
# start (RSS_RUNS rounds, RSS_GROUP JVMs at a time), on JDK 17 and 25, for no agent, the empty
# agent, the floor (bench/floor) and the two jars. For a change's figures against the main before
# it: build main's jar, copy it away, build the change's.
#
#   bench/peers/compare.sh BEFORE.jar AFTER.jar
#
# Needs what bench/peers/run.sh prepares in bench/out/peers (its --quick run is enough): the
# harness, the plain app, the empty and the floor agents. Prints medians and p90s; raw samples in
# bench/out/peers/compare/.
set -euo pipefail

BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WORK="$BENCH/out/peers"
OUT="$WORK/compare"
JAVA17_HOME="${JAVA17_HOME:-/usr/lib/jvm/java-17-openjdk-amd64}"
JAVA25_HOME="${JAVA25_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
LAUNCH_RUNS="${LAUNCH_RUNS:-20}"
RSS_RUNS="${RSS_RUNS:-7}"
RSS_GROUP="${RSS_GROUP:-2}"

[[ $# == 2 && -f $1 && -f $2 ]] || { sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
[[ -d $WORK/harness && -f $WORK/floor-agent.jar ]] ||
  { echo "bench/peers/compare.sh: run bench/peers/run.sh --quick first" >&2; exit 1; }
mkdir -p "$OUT"
cp "$1" "$OUT/before.jar"
cp "$2" "$OUT/after.jar"

# variants FILE SECONDS: one line per JDK and kind (label, java, options, the plain app).
variants() {
  local file=$1 seconds=$2 jdk java kind
  : >"$file"
  for jdk in 17 25; do
    if [[ $jdk == 17 ]]; then java="$JAVA17_HOME/bin/java"; else java="$JAVA25_HOME/bin/java"; fi
    for kind in none empty floor before after; do
      local words=("$jdk/$kind" "$java")
      case $kind in
        empty) words+=("-javaagent:$WORK/empty-agent.jar") ;;
        floor) words+=("-javaagent:$WORK/floor-agent.jar=port={port},http,jmx") ;;
        before | after) words+=("-javaagent:$OUT/$kind.jar=port={port}") ;;
      esac
      words+=(-cp "$WORK/apps" PlainApp "$seconds")
      (IFS=$'\t' && echo "${words[*]}") >>"$file"
    done
  done
}

stats() { "$JAVA17_HOME/bin/java" -cp "$WORK/harness" Stats | grep -E '/(median|p90)' | sort; }

echo "load average at the start: $(cut -d' ' -f1 /proc/loadavg)"
variants "$OUT/launch.variants" 0
"$JAVA17_HOME/bin/java" -cp "$WORK/harness" Launches "$OUT/launch.variants" "$LAUNCH_RUNS" 2 main exit \
  >"$OUT/launch.tsv"
echo "== hello-world wall time, ms ($LAUNCH_RUNS interleaved rounds)"
awk -F'\t' '{ print $1 "\t" $4 }' "$OUT/launch.tsv" | stats
echo "== launch to main's first line, ms"
awk -F'\t' '{ print $1 "\t" $3 }' "$OUT/launch.tsv" | stats
echo "load average after the launches: $(cut -d' ' -f1 /proc/loadavg)"
variants "$OUT/rss.variants" 600
"$JAVA17_HOME/bin/java" "-Dbench.groupSize=$RSS_GROUP" -cp "$WORK/harness" IdleRss \
  "$OUT/rss.variants" "$RSS_RUNS" 5000 >"$OUT/rss.tsv"
echo "== idle RSS 5 s after start, MiB ($RSS_RUNS rounds, $RSS_GROUP JVMs at a time)"
awk -F'\t' '{ print $1 "\t" $3 }' "$OUT/rss.tsv" | stats
echo "load average at the end: $(cut -d' ' -f1 /proc/loadavg)"
