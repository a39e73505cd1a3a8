#!/usr/bin/env bash
# Builds the published artifacts twice from a clean tree and checks that they are identical,
# byte for byte: hermes.jar (the shaded agent) and the hermes-api jar with its -sources and
# -javadoc jars. Archive timestamps come from project.build.outputTimestamp in the root pom.
#
#   scripts/reproducible-build.sh        # from anywhere inside the checkout
#
# Exits 0 when every hash matches, 1 when any artifact differs or is missing.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

MVN=(mvn -B -q -DskipTests clean package -pl api,bridge-jmx,agent -am)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/hermes-repro.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

artifacts() {
  # The shaded agent and every hermes-api jar (main, -sources, -javadoc), sorted for diffing.
  local jars=(agent/target/hermes.jar api/target/hermes-api-*.jar)
  printf '%s\n' "${jars[@]}" | LC_ALL=C sort
}

# The umask is part of the build environment, as in Reproducible Central's buildspecs: the
# archivers keep the permissions of the files the build writes (pom.properties, the javadoc
# HTML), so a build under umask 027 makes -sources and -javadoc jars with other bytes. Release
# builds use 022.
umask 0022

build() {
  local n=$1 tz=$2
  echo "== build $n (TZ=$tz): ${MVN[*]}" >&2
  # Each build in another time zone, as on another machine: it must not reach any archive.
  if ! TZ=$tz "${MVN[@]}" > "$WORK/build$n.log" 2>&1; then
    tail -n 50 "$WORK/build$n.log" >&2
    echo "reproducible-build: build $n failed (Maven's output above)" >&2
    exit 1
  fi
  while IFS= read -r jar; do
    if [[ ! -f $jar ]]; then
      echo "reproducible-build: build $n did not produce $jar" >&2
      exit 1
    fi
    sha256sum "$jar"
  done < <(artifacts) > "$WORK/build$n.sha256"
  # The api must come with its sources and javadoc jars, or the check proves less than it says.
  if ! grep -q -- '-sources\.jar$' "$WORK/build$n.sha256" \
     || ! grep -q -- '-javadoc\.jar$' "$WORK/build$n.sha256"; then
    echo "reproducible-build: build $n produced no hermes-api -sources or -javadoc jar" >&2
    exit 1
  fi
  # Keep each build's jars, to say which entries differ if the hashes do.
  mkdir -p "$WORK/jars$n"
  while IFS= read -r jar; do cp "$jar" "$WORK/jars$n/"; done < <(artifacts)
}

build 1 UTC
build 2 Asia/Kolkata

echo "== build 1"
cat "$WORK/build1.sha256"
echo "== build 2"
cat "$WORK/build2.sha256"

if cmp -s "$WORK/build1.sha256" "$WORK/build2.sha256"; then
  echo "reproducible-build: OK, $(wc -l < "$WORK/build1.sha256") artifacts identical in both builds"
  exit 0
fi

echo "reproducible-build: FAILED, the two builds differ:" >&2
diff "$WORK/build1.sha256" "$WORK/build2.sha256" >&2 || true
# For each differing jar, the entries whose content or timestamp differs.
for jar in "$WORK"/jars1/*.jar; do
  name=$(basename "$jar")
  other="$WORK/jars2/$name"
  [[ -f $other ]] || { echo "  $name: missing from build 2" >&2; continue; }
  cmp -s "$jar" "$other" && continue
  echo "  $name differs; entries (length, date, time, CRC-32, name) that differ:" >&2
  { diff <(unzip -lv "$jar" | awk 'NR>3 {print $1, $5, $6, $7, $8}') \
         <(unzip -lv "$other" | awk 'NR>3 {print $1, $5, $6, $7, $8}') || true; } \
    | head -40 >&2
done
exit 1
