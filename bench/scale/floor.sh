#!/usr/bin/env bash
# The JDK server's floor under a root's idle CPU (issue 11): ServerFloor with N keep-alive clients
# each POSTing once a second, its server's CPU (% of one core, utime + stime over 10 s) with a
# worker pool as Hermes's and with the dispatcher running each request itself.
#
#   bench/scale/floor.sh [N] [JDK ...]      default: 3000, JDK 17 and 25
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
WORK="$HERE/../out/scale/floor"
N="${1:-3000}"; shift || true
JDKS=("$@"); [[ ${#JDKS[@]} -gt 0 ]] || JDKS=(17 25)
JAVA17_HOME="${JAVA17_HOME:-/usr/lib/jvm/java-17-openjdk-amd64}"
JAVA25_HOME="${JAVA25_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
mkdir -p "$WORK"
"$JAVA17_HOME/bin/javac" -nowarn --release 11 -d "$WORK" "$HERE/ServerFloor.java"
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
busy() { awk '/^cpu /{print $2+$3+$4+$7+$8+$9}' /proc/stat; }
clk=$(getconf CLK_TCK)
pids=()
trap 'for p in ${pids[@]+"${pids[@]}"}; do kill "$p" 2>/dev/null || true; done' EXIT
echo "| JDK | workers | clients | server CPU % | answers/s | machine busy % | others % |"
echo "|---|---|---:|---:|---:|---:|---:|"
for jdk in "${JDKS[@]}"; do
  home=$JAVA17_HOME; [[ $jdk == 25 ]] && home=$JAVA25_HOME
  for mode in pool inline; do
    port=$(( 20000 + RANDOM % 20000 ))
    "$home/bin/java" -Xmx512m -cp "$WORK" ServerFloor server "$port" "$mode" >/dev/null 2>&1 &
    sp=$!; pids+=("$sp"); sleep 1.5
    "$JAVA17_HOME/bin/java" -Xmx256m -XX:+UseSerialGC -cp "$WORK" ServerFloor client "$port" "$N" >"$WORK/client.log" 2>&1 &
    cp=$!; pids+=("$cp"); sleep 8
    s0=$(ticks "$sp"); c0=$(ticks "$cp"); b0=$(busy); sleep 10
    s1=$(ticks "$sp"); c1=$(ticks "$cp"); b1=$(busy)
    kill "$cp" "$sp" 2>/dev/null || true; wait "$cp" "$sp" 2>/dev/null || true
    srv=$(( (s1 - s0) * 100 / (10 * clk) )); all=$(( (b1 - b0) * 100 / (10 * clk) ))
    others=$(( all - srv - (c1 - c0) * 100 / (10 * clk) ))
    echo "| $jdk | $mode | $N | $srv | $(tail -1 "$WORK/client.log" | awk '{print $2}') | $all | $others |"
  done
done
