#!/usr/bin/env bash
# The browser view (/ui) rendering a tree of about 3,600 keys, against its floor (BENCHMARKS.md).
#   bench/ui/run.sh [rounds=7]
# Needs a built agent and integration-tests classes (mvn -o install -DskipTests -pl
# api,bridge-jmx,agent -am; mvn -o -pl integration-tests test-compile), /usr/bin/chromium and
# playwright-core (npm ci --prefix integration-tests/browser). Starts a root (TreeApp) with a child
# holding 3,560 keys on a free port, measures, stops it. Prints the load average before and after:
# the machine's interference.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
api=$(ls api/target/hermes-api-*.jar | grep -v -e sources -e javadoc | head -1)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
HERMES_JMX=off setsid java -javaagent:agent/target/hermes.jar=port="$port" \
  -cp "integration-tests/target/test-classes:$api" dev.hermes.it.apps.TreeApp \
  key=role=root "child=java,bulk,bulk=shard,3560" >/dev/null 2>&1 &
root=$!
trap 'kill -- -"$root" 2>/dev/null || true' EXIT
for _ in $(seq 1 300); do
  curl -s "http://127.0.0.1:$port/?prefix=bulk/shard.3559" | grep -q 'value 3559' && break
  sleep 0.2
done
echo "date: $(date -u +%FT%TZ); $(nproc) cores; load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "keys at the root: $(curl -s "http://127.0.0.1:$port/" | wc -l); chromium: $(/usr/bin/chromium --version 2>/dev/null)"
node integration-tests/browser/render-bench.mjs "http://127.0.0.1:$port" "${1:-7}"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
