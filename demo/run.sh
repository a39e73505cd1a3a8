#!/usr/bin/env bash
# Builds Hermes, starts the demo supervision tree with the agent, and shows what curl sees.
#   demo/run.sh            build, run for a few seconds, print the tree, stop
#   demo/run.sh --keep     leave the tree running (Ctrl-C stops it)
set -euo pipefail
cd "$(dirname "$0")/.."
port="${HERMES_DEMO_PORT:-9091}"

if [ "${1:-}" != "--no-build" ]; then
  mvn -B -q install -DskipTests -DskipITs
fi
api=$(ls api/target/hermes-api-*.jar | grep -v -e sources -e javadoc | head -1)
rm -rf demo/out && javac -q --release 11 -cp "$api" -d demo/out demo/src/demo/Demo.java 2>/dev/null \
  || javac --release 11 -cp "$api" -d demo/out demo/src/demo/Demo.java

HERMES_JMX=off java -javaagent:agent/target/hermes.jar=port="$port" -cp "$api:demo/out" demo.Demo supervisor &
pid=$!
trap 'kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null || true' EXIT

for i in $(seq 1 100); do
  curl -sf "http://127.0.0.1:$port/health" >/dev/null && break
  sleep 0.1
done
sleep 1
echo "\$ curl localhost:$port"
curl -s "http://127.0.0.1:$port"
sleep 2.5
echo
echo "\$ curl localhost:$port   # 2.5 s later"
curl -s "http://127.0.0.1:$port"
echo
echo "\$ curl 'localhost:$port?type=json&prefix=worker1/'"
curl -s "http://127.0.0.1:$port/?type=json&prefix=worker1/"
if [ "${1:-}" = "--keep" ] || [ "${2:-}" = "--keep" ]; then
  echo "The tree keeps running on http://127.0.0.1:$port; Ctrl-C stops it."
  wait "$pid"
fi
