#!/usr/bin/env bash
# The tree's figures (issue 3), on JDK 17 and 25, each beside its baseline from the same run:
# first-spawn cost, hello-world start with and without the spawn hook, propagation latency
# (grandchild -> root), and the root's scrape latency and RSS as the tree grows to 32 JVMs, with
# one child SIGSTOPped at the largest size.
#
#   bench/tree/run.sh            the full run (~5 minutes on 2 idle cores)
#   bench/tree/run.sh --quick    a smoke run of every step with fewer repetitions (< 2 minutes)
#
# Uses the built agent/target/hermes.jar and api/target/hermes-api-*.jar (build them first; this
# script never runs Maven). Writes raw samples to bench/out/tree/ and the report to
# bench/out/tree-<date>[-quick].md, and prints it. JAVA17_HOME and JAVA25_HOME choose the JDKs.
set -euo pipefail

BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ROOT="$(dirname "$BENCH")"
HERE="$BENCH/tree"
WORK="$BENCH/out/tree"
RAW="$WORK/raw"
JAVA17_HOME="${JAVA17_HOME:-/usr/lib/jvm/java-17-openjdk-amd64}"
JAVA25_HOME="${JAVA25_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
BUILT_JAR="$ROOT/agent/target/hermes.jar"
JDKS=(17 25)

mode=full
for arg in "$@"; do
  case "$arg" in
    --quick) mode=quick ;;
    -h | --help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown option [$arg]: use --quick or --help" >&2; exit 2 ;;
  esac
done

if [[ $mode == full ]]; then
  SPAWN_RUNS=15 HELLO_RUNS=20 POINTS="0 1 5 10 20 30" PROP_POINTS="1 10"
  REQUESTS=2000 WARMUP=200 TICKS=100 SETTLE_MS=3000
else
  SPAWN_RUNS=3 HELLO_RUNS=5 POINTS="0 1 10 30" PROP_POINTS="1 10"
  REQUESTS=300 WARMUP=100 TICKS=30 SETTLE_MS=1500
fi
WARMUP_ROUNDS=1 # launch rounds run first and discarded (page cache, CDS archive mapped)
KEYS=100 CHANGING=3 CHANGE_MS=100 TICK_MS=50 POLL_MICROS=1000
CHILD_OPTS="-Xmx64m -XX:TieredStopAtLevel=1 -Xshare:auto"
ROOT_OPTS="-Xmx64m -Xshare:auto"

# Background processes (each the leader of a process group of its own, so that the JVMs of a
# tree go with it) and the SIGSTOPped pid, if any: the EXIT trap resumes and stops them.
GROUPS_STARTED=()
cleanup() {
  local g i
  if [[ -s $RAW/stopped.pid ]]; then
    kill -CONT "$(cat "$RAW/stopped.pid")" 2>/dev/null || true
    rm -f "$RAW/stopped.pid"
  fi
  for g in ${GROUPS_STARTED[@]+"${GROUPS_STARTED[@]}"}; do
    [[ -n $g ]] || continue
    kill -CONT -- "-$g" 2>/dev/null || true
    kill -TERM -- "-$g" 2>/dev/null || true
  done
  for g in ${GROUPS_STARTED[@]+"${GROUPS_STARTED[@]}"}; do
    [[ -n $g ]] || continue
    for i in $(seq 50); do
      kill -0 -- "-$g" 2>/dev/null || break
      sleep 0.1
    done
    kill -KILL -- "-$g" 2>/dev/null || true
  done
  GROUPS_STARTED=()
}
trap cleanup EXIT
trap 'exit 130' INT TERM

step() {
  printf '\n== %s\n' "$1" >&2
  printf '%s\t%s\t%s\n' "$1" "$(cut -d' ' -f1 /proc/loadavg)" "$SECONDS" >>"$RAW/load.tsv"
}
die() { echo "bench/tree: $*" >&2; exit 1; }

java_home() { if [[ $1 == 17 ]]; then echo "$JAVA17_HOME"; else echo "$JAVA25_HOME"; fi; }
java_of() { echo "$(java_home "$1")/bin/java"; }
helper() { "$(java_of 17)" -cp "$WORK/harness" "$@"; }

# Runs a command as the leader of a new process group, in the background, and waits for it.
grouped() {
  setsid "$@" &
  local pid=$! rc=0
  GROUPS_STARTED+=("$pid")
  wait "$pid" || rc=$?
  # Whatever of the group is left (nothing, normally) goes now, and the group id with it.
  kill -TERM -- "-$pid" 2>/dev/null || true
  GROUPS_STARTED=() # one group at a time
  return "$rc"
}

# The built jars can vanish for a moment while another build runs: wait for them.
wait_for_jars() {
  local i
  for i in $(seq 60); do
    API_JAR=$(ls "$ROOT"/api/target/hermes-api-*.jar 2>/dev/null | grep -v -e sources -e javadoc | head -1 || true)
    if [[ -f $BUILT_JAR && -n $API_JAR ]]; then return 0; fi
    echo "waiting for $BUILT_JAR and the api jar ($i/60)" >&2
    sleep 5
  done
  die "no $BUILT_JAR or api jar: build the project first (mvn -B install -DskipTests)"
}

prepare() {
  [[ -x $(java_of 17) && -x $(java_of 25) ]] || die "need JDK 17 and 25: set JAVA17_HOME, JAVA25_HOME"
  wait_for_jars
  rm -rf "$WORK"
  mkdir -p "$WORK/apps" "$WORK/harness" "$RAW"
  : >"$RAW/load.tsv"
  step "Compiling the apps and the harness"
  # Copies, so that a rebuild during the run changes nothing.
  cp "$BUILT_JAR" "$WORK/hermes.jar"
  cp "$API_JAR" "$WORK/hermes-api.jar"
  "$JAVA17_HOME/bin/javac" --release 17 -cp "$WORK/hermes-api.jar" -d "$WORK/apps" "$HERE"/apps/*.java
  "$JAVA17_HOME/bin/javac" -d "$WORK/harness" "$HERE"/harness/*.java
}

describe_run() {
  local cpu mem
  cpu=$(lscpu | sed -n 's/^Model name:[[:space:]]*//p' | head -1)
  mem=$(awk '/^MemTotal:/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)
  echo "- Machine: $(nproc) cores ($cpu), $mem memory, Linux $(uname -r)," \
    "$(. /etc/os-release && echo "$PRETTY_NAME")"
  echo "- JDK 17: $("$(java_of 17)" -version 2>&1 | sed -n 2p)"
  echo "- JDK 25: $("$(java_of 25)" -version 2>&1 | sed -n 2p)"
  echo "- hermes.jar built $(date -r "$BUILT_JAR" '+%F %T'), sha256 $(sha256sum "$WORK/hermes.jar" | cut -c1-12)"
  echo "- Load average (1 min) at the start: $(cut -d' ' -f1 /proc/loadavg)"
}

# ---------------------------------------------------------------------------------------------

# variant FILE LABEL JDK [JVM-OPTION...] -- ARGS...: appends a Launches line.
variant() {
  local file=$1 label=$2 jdk=$3
  shift 3
  local words=("$label" "$(java_of "$jdk")")
  while [[ $1 != -- ]]; do words+=("$1"); shift; done
  shift
  words+=(-cp "$WORK/apps" "$@")
  (IFS=$'\t' && echo "${words[*]}") >>"$file"
}

agent_opts() {
  case $1 in
    none) ;;
    hermes) echo "-javaagent:$WORK/hermes.jar=port=0,jmx=off" ;;
    no-inject) echo "-javaagent:$WORK/hermes.jar=port=0,jmx=off,inject=off" ;;
  esac
}

KINDS="none hermes no-inject"

measure_first_spawn() {
  step "First ProcessBuilder.start() of /bin/true: $SPAWN_RUNS interleaved rounds"
  local file="$RAW/spawn.variants" jdk scenario kind
  : >"$file"
  for jdk in "${JDKS[@]}"; do
    for scenario in at-once settled; do
      for kind in $KINDS; do
        # shellcheck disable=SC2046 # no option for "none"
        variant "$file" "$jdk/$scenario/$kind" "$jdk" $(agent_opts "$kind") -- Spawner "$scenario"
      done
    done
  done
  grouped "$(java_of 17)" -cp "$WORK/harness" Launches "$file" "$SPAWN_RUNS" "$WARMUP_ROUNDS" \
    spawn marker >"$RAW/spawn.tsv"
  {
    awk -F'\t' '{ split($5, v, " "); print $1 "/first\t" v[1]; print $1 "/second\t" v[2] }' \
      "$RAW/spawn.tsv" | helper Stats
  } >"$RAW/spawn.fig"
}

measure_hello() {
  step "Hello-world wall time: $HELLO_RUNS interleaved rounds"
  local file="$RAW/hello.variants" jdk kind
  : >"$file"
  for jdk in "${JDKS[@]}"; do
    for kind in $KINDS; do
      # shellcheck disable=SC2046
      variant "$file" "$jdk/$kind" "$jdk" $(agent_opts "$kind") -- Hello
    done
  done
  grouped "$(java_of 17)" -cp "$WORK/harness" Launches "$file" "$HELLO_RUNS" "$WARMUP_ROUNDS" \
    hello exit >"$RAW/hello.tsv"
  {
    awk -F'\t' '{ print $1 "/line\t" $3; print $1 "/exit\t" $4 }' "$RAW/hello.tsv" | helper Stats
  } >"$RAW/hello.fig"
}

measure_tree() {
  local jdk=$1
  step "Tree on JDK $jdk: children $POINTS (+ grandchild g under c01), $REQUESTS requests per type"
  grouped "$(java_of 17)" -cp "$WORK/harness" \
    "-Dbench.label=$jdk" "-Dbench.java=$(java_of "$jdk")" "-Dbench.agent=$WORK/hermes.jar" \
    "-Dbench.cp=$WORK/apps:$WORK/hermes-api.jar" "-Dbench.rootOpts=$ROOT_OPTS" \
    "-Dbench.points=$POINTS" "-Dbench.propPoints=$PROP_POINTS" "-Dbench.requests=$REQUESTS" \
    "-Dbench.warmup=$WARMUP" "-Dbench.ticks=$TICKS" "-Dbench.pollMicros=$POLL_MICROS" \
    "-Dbench.settleMs=$SETTLE_MS" "-Dbench.stopFile=$RAW/stopped.pid" \
    "-Dnode.keys=$KEYS" "-Dnode.changing=$CHANGING" "-Dnode.changeMs=$CHANGE_MS" \
    "-Dnode.tickMs=$TICK_MS" "-Dnode.childOpts=$CHILD_OPTS" \
    TreeBench >"$RAW/tree-$jdk.fig"
}

# ---------------------------------------------------------------------------------------------
# The report

fig() {
  local v
  v=$(awk -F'\t' -v k="$2" '$1 == k { print $2; exit }' "$RAW/$1.fig")
  [[ -n $v ]] || v=nan
  echo "$v"
}
num() { awk -v v="$1" -v d="$2" 'BEGIN { if (v == "nan") print "—"; else printf "%." d "f", v }'; }
minus() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%+.1f", a - b }'; }
verdict() {
  awk -v v="$1" -v op="$2" -v l="$3" 'BEGIN {
    if (v == "nan") { print "NOT MEASURED"; exit }
    ok = (op == "<=") ? (v + 0 <= l + 0) : (v + 0 >= l + 0); print ok ? "MET" : "NOT MET" }'
}
kind_label() {
  case $1 in
    none) echo "no agent" ;;
    hermes) echo "**hermes.jar** (\`jmx=off\`)" ;;
    no-inject) echo "*diagnosis:* hermes.jar \`jmx=off,inject=off\`" ;;
  esac
}
# stat FIGFILE KEY: "median / p90"
mp() { echo "$(num "$(fig "$1" "$2/median")" 1) / $(num "$(fig "$1" "$2/p90")" 1)"; }

report() {
  local jdk s k n cells added
  cat <<EOF
## Tree figures of $(date '+%F %H:%M') ($mode run$([[ $mode == quick ]] && echo ": smoke, not final" || true))

$(cat "$RAW/run.md")
- Tree JVMs: root \`$ROOT_OPTS\`, every other \`$CHILD_OPTS\`; all \`jmx=off\` (\`HERMES_JMX=off\`
  at the root, inherited). Each JVM reports $KEYS keys once and $CHANGING keys every $CHANGE_MS ms;
  the grandchild \`c01/g\` reports \`tick\` every $TICK_MS ms.
- The machine is shared by the harness and every JVM measured: on 2 cores, treat differences
  under ~10% as noise. Load average at each step: at the end.

### Targets

| target | JDK 17 | JDK 25 | verdict 17 / 25 |
|---|---|---|---|
EOF
  for s in at-once settled; do
    local a17 a25
    a17=$(minus "$(fig spawn "17/$s/hermes/first/median")" "$(fig spawn "17/$s/none/first/median")")
    a25=$(minus "$(fig spawn "25/$s/hermes/first/median")" "$(fig spawn "25/$s/none/first/median")")
    echo "| first \`start()\` ≤ no agent + 100 ms ($s; medians) | $a17 ms | $a25 ms | $(verdict "$a17" '<=' 100) / $(verdict "$a25" '<=' 100) |"
  done
  for n in $PROP_POINTS; do
    echo "| propagation grandchild → root p99 ≤ 50 ms (root with $n child(ren)) | $(num "$(fig tree-17 "17/prop/$n/p99")" 1) ms | $(num "$(fig tree-25 "25/prop/$n/p99")" 1) ms | $(verdict "$(fig tree-17 "17/prop/$n/p99")" '<=' 50) / $(verdict "$(fig tree-25 "25/prop/$n/p99")" '<=' 50) |"
  done
  for k in text json; do
    echo "| root \`GET /$([[ $k == json ]] && echo '?type=json' || true)\` p99 ≤ 10 ms, $(fig tree-17 17/jvms/stopped | cut -d. -f1) JVMs, one SIGSTOPped | $(num "$(fig tree-17 "17/scrape/stopped/$k/p99")" 2) ms | $(num "$(fig tree-25 "25/scrape/stopped/$k/p99")" 2) ms | $(verdict "$(fig tree-17 "17/scrape/stopped/$k/p99")" '<=' 10) / $(verdict "$(fig tree-25 "25/scrape/stopped/$k/p99")" '<=' 10) |"
  done

  cat <<EOF

### First \`ProcessBuilder.start()\` of \`/bin/true\`, measured inside the parent (ms; median / p90 of $(num "$(fig spawn 17/at-once/none/first/n)" 0) interleaved rounds)

\`System.nanoTime()\` around \`new ProcessBuilder("/bin/true").start()\`. *At once*: the first
thing \`main\` does; the hook then waits for the JVM's own endpoint to be bound, since a child
must be told its parent's URL. *Settled*: after the endpoint is up (\`hermes.url\` set) and
200 ms more, the same wait without an agent: the hook's own cost. The second \`start()\` is the
steady cost per spawn.

| variant | JDK 17 first | JDK 17 second | JDK 25 first | JDK 25 second |
|---|---|---|---|---|
EOF
  for s in at-once settled; do
    for k in $KINDS; do
      echo "| $s: $(kind_label "$k") | $(mp spawn "17/$s/$k/first") | $(mp spawn "17/$s/$k/second") | $(mp spawn "25/$s/$k/first") | $(mp spawn "25/$s/$k/second") |"
    done
    echo "| $s: hermes.jar − no agent (medians) | $(minus "$(fig spawn "17/$s/hermes/first/median")" "$(fig spawn "17/$s/none/first/median")") | $(minus "$(fig spawn "17/$s/hermes/second/median")" "$(fig spawn "17/$s/none/second/median")") | $(minus "$(fig spawn "25/$s/hermes/first/median")" "$(fig spawn "25/$s/none/first/median")") | $(minus "$(fig spawn "25/$s/hermes/second/median")" "$(fig spawn "25/$s/none/second/median")") |"
  done
  cat <<EOF

For reference, not re-measured: advising \`ProcessBuilder\` with Byte Buddy's \`Advice\` costs
+360–480 ms (loading Byte Buddy eagerly), the floor issue 3 quotes (shared/NOTES.md).

### Hello-world, a JVM that never spawns (ms from launch; median / p90 of $(num "$(fig hello 17/none/exit/n)" 0) interleaved rounds)

| variant | JDK 17 to its line | JDK 17 to exit | JDK 25 to its line | JDK 25 to exit |
|---|---|---|---|---|
EOF
  for k in $KINDS; do
    echo "| $(kind_label "$k") | $(mp hello "17/$k/line") | $(mp hello "17/$k/exit") | $(mp hello "25/$k/line") | $(mp hello "25/$k/exit") |"
  done
  echo "| the hook's cost: hermes.jar − \`inject=off\` (medians) | $(minus "$(fig hello 17/hermes/line/median)" "$(fig hello 17/no-inject/line/median)") | $(minus "$(fig hello 17/hermes/exit/median)" "$(fig hello 17/no-inject/exit/median)") | $(minus "$(fig hello 25/hermes/line/median)" "$(fig hello 25/no-inject/line/median)") | $(minus "$(fig hello 25/hermes/exit/median)" "$(fig hello 25/no-inject/exit/median)") |"

  cat <<EOF

### Propagation latency, grandchild → child → root (ms)

\`c01/g\` reports \`tick=SEQ:EPOCH_MICROS\` every $TICK_MS ms; a poller on the harness reads
\`/?type=json&prefix=c01/g/tick\` at the root over one keep-alive connection, pausing $POLL_MICROS µs
between polls, and takes (first seen) − (reported) on the shared wall clock. The poll interval is
the poller's granularity: a latency is overstated by up to one interval. Ticks the root never
showed were coalesced into a later push.

| children of the root | JDK 17 median / p90 / p99 / max | JDK 25 median / p90 / p99 / max | ticks seen, missed 17 / 25 | poll interval 17 / 25 |
|---|---|---|---|---|
EOF
  for n in $PROP_POINTS stopped; do
    cells=""
    for jdk in "${JDKS[@]}"; do
      cells+=" $(num "$(fig "tree-$jdk" "$jdk/prop/$n/median")" 2) / $(num "$(fig "tree-$jdk" "$jdk/prop/$n/p90")" 2) / $(num "$(fig "tree-$jdk" "$jdk/prop/$n/p99")" 2) / $(num "$(fig "tree-$jdk" "$jdk/prop/$n/max")" 2) |"
    done
    echo "| $([[ $n == stopped ]] && echo "$(fig tree-17 17/jvms/stopped | cut -d. -f1) JVMs, \`c02\` SIGSTOPped" || echo "$n (+ g)") |$cells $(num "$(fig tree-17 "17/prop/$n/n")" 0), $(num "$(fig tree-17 "17/prop_missed/$n")" 0) / $(num "$(fig tree-25 "25/prop/$n/n")" 0), $(num "$(fig tree-25 "25/prop_missed/$n")" 0) | $(num "$(fig tree-17 "17/prop_poll_ms/$n")" 2) / $(num "$(fig tree-25 "25/prop_poll_ms/$n")" 2) ms |"
  done

  cat <<EOF

### Root scrape latency and RSS as the tree grows

\`GET /\` and \`GET /?type=json\` alternating on one keep-alive connection from the harness,
$REQUESTS of each after $WARMUP of each as warm-up; JVMs = root + children + the grandchild.
The first row, a root alone, is the baseline.

| children | JVMs | keys at root | body text / JSON, KiB | JDK 17 \`GET /\` p50 / p99 | JDK 17 JSON p50 / p99 | JDK 25 \`GET /\` p50 / p99 | JDK 25 JSON p50 / p99 | root RSS 17 / 25, MiB | whole tree RSS 17 / 25, MiB |
|---|---|---|---|---|---|---|---|---|---|
EOF
  for n in $POINTS stopped; do
    cells=""
    for jdk in "${JDKS[@]}"; do
      for k in text json; do
        cells+=" $(num "$(fig "tree-$jdk" "$jdk/scrape/$n/$k/median")" 2) / $(num "$(fig "tree-$jdk" "$jdk/scrape/$n/$k/p99")" 2) |"
      done
    done
    echo "| $([[ $n == stopped ]] && echo "${POINTS##* }, \`c02\` SIGSTOPped" || echo "$n") | $(num "$(fig tree-17 "17/jvms/$n")" 0) | $(num "$(fig tree-17 "17/keys/$n")" 0) | $(awk -v t="$(fig tree-17 "17/bytes/$n/text")" -v j="$(fig tree-17 "17/bytes/$n/json")" 'BEGIN { printf "%.0f / %.0f", t / 1024, j / 1024 }') |$cells $(num "$(fig tree-17 "17/rss_root/$n")" 0) / $(num "$(fig tree-25 "25/rss_root/$n")" 0) | $(num "$(fig tree-17 "17/rss_tree/$n")" 0) / $(num "$(fig tree-25 "25/rss_tree/$n")" 0) |"
  done
  cat <<EOF

Scrape errors (non-200 or reconnects) per size: $(for jdk in "${JDKS[@]}"; do echo -n "JDK $jdk: $(awk -F'\t' -v j="$jdk" '$1 ~ ("^" j "/scrape_errors/") { sub(".*/", "", $1); printf "%s=%d ", $1, $2 }' "$RAW/tree-$jdk.fig"); "; done)
Seconds until the root showed the SIGSTOPped child \`not_answering\`: $(num "$(fig tree-17 17/stopped_state_s)" 1) / $(num "$(fig tree-25 25/stopped_state_s)" 1) (JDK 17 / 25; the registry's threshold is 3 s); its keys still served from memory: $(num "$(fig tree-17 17/stopped_keys_served)" 0) / $(num "$(fig tree-25 25/stopped_keys_served)" 0).
Seconds for all JVMs to report ready after each growth step: $(for jdk in "${JDKS[@]}"; do echo -n "JDK $jdk: $(awk -F'\t' -v j="$jdk" '$1 ~ ("^" j "/ready_s/") { sub(".*/", "", $1); printf "%s→%.1f ", $1, $2 }' "$RAW/tree-$jdk.fig"); "; done)

### Load average (1 min) as each step began, and the step's duration

| step | load | seconds |
|---|---|---|
$(awk -F'\t' 'NR > 1 { printf "| %s | %s | %d |\n", name, load, $3 - start }
  { name = $1; load = $2; start = $3 } END { printf "| %s | %s | |\n", name, load }' "$RAW/load.tsv")
EOF
}

main() {
  prepare
  describe_run >"$RAW/run.md"
  measure_first_spawn
  measure_hello
  local jdk
  for jdk in "${JDKS[@]}"; do
    measure_tree "$jdk"
  done
  step "Done"
  local file
  file="$BENCH/out/tree-$(date +%F)$([[ $mode == quick ]] && echo -quick || true).md"
  report >"$file"
  echo "Written $file" >&2
  cat "$file"
}

main
