#!/usr/bin/env bash
# Takes docs/ui.png, the README's picture of the browser view: the demo tree at /ui, a worker
# killed with kill -9 a few seconds before (the demo starts it again under its name).
# Needs a built agent (mvn -o install -DskipTests -pl api,bridge-jmx,agent -am), /usr/bin/chromium
# and playwright-core (npm ci --prefix integration-tests/browser).
#   scripts/ui-screenshot.sh [out.png] [light|dark]
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-docs/ui.png}"
port="${HERMES_DEMO_PORT:-19091}"
HERMES_DEMO_PORT="$port" setsid demo/run.sh --no-build --keep >/dev/null 2>&1 &
demo=$!
trap 'kill -- -"$demo" 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
  curl -sf "http://127.0.0.1:$port/health" >/dev/null && break
  sleep 0.2
done
sleep 6
pid=$(curl -s "http://127.0.0.1:$port/?prefix=worker2/hermes.child.pid" | sed -n 's/^worker2\/hermes.child.pid: //p')
[ -n "$pid" ] && kill -9 "$pid"
sleep 4
node integration-tests/browser/screenshot.mjs "http://127.0.0.1:$port" "$out" "${2:-light}"
echo "wrote $out ($(stat -c %s "$out") bytes)"
