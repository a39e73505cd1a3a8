#!/usr/bin/env bash
# Issue 12's figure in BENCHMARKS.md: the root's GET / p50 and p99 with 10 pulled children (9
# serving 20 keys of the seed's JSON, 1 hung: it takes the request and never answers) beside the
# same root without them, in one run (two idle roots side by side, scraped in alternating rounds).
# Build first: mvn -o install -DskipTests -pl api,bridge-jmx,agent -am
#   bench/pull/run.sh [rounds=10] [requests a round=1000] [pullInterval=1]
set -euo pipefail
cd "$(dirname "$0")/../.."
JAR=$PWD/agent/target/hermes.jar
[ -f "$JAR" ] || { echo "no $JAR: build it first" >&2; exit 1; }
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
javac -d "$OUT" bench/apps/Idle.java
echo "# $(date -u +%Y-%m-%dT%H:%MZ), $(git rev-parse --short HEAD), $(java -version 2>&1 | head -1), $(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg)"
java bench/pull/PullBench.java "$JAR" "$OUT" "${1:-10}" "${2:-1000}" "${3:-1}"
echo "# load at the end $(cut -d' ' -f1 /proc/loadavg)"
