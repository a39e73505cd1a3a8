#!/usr/bin/env bash
# Issue 14's figures in BENCHMARKS.md: 20 probes at a 1 s interval on an idle JVM (CPU and RSS
# beside the same JVM without them), and the time from a child's exit to the webhook's delivery
# at the root (p50 / p99). Build first: mvn -o install -DskipTests -pl api,bridge-jmx,agent -am
#   bench/probes/run.sh [rounds=4] [window seconds=30] [kills=40]
set -euo pipefail
cd "$(dirname "$0")/../.."
JAR=agent/target/hermes.jar
[ -f "$JAR" ] || { echo "no $JAR: build it first" >&2; exit 1; }
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
javac -d "$OUT" bench/apps/Idle.java bench/probes/apps/Supervisor.java
echo "# $(date -u +%Y-%m-%dT%H:%MZ), $(git rev-parse --short HEAD), $(java -version 2>&1 | head -1), load $(cut -d' ' -f1 /proc/loadavg)"
java bench/probes/ProbesBench.java "$JAR" "$OUT" "${1:-4}" "${2:-30}" "${3:-40}"
echo "# load at the end $(cut -d' ' -f1 /proc/loadavg)"
