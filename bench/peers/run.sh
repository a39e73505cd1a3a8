#!/usr/bin/env bash
# Hermes beside its peers (issues 4 and 17), on JDK 17 and 25, interleaved: the same plain app
# with no agent, with the empty one-class agent, with hermes.jar (defaults: jmx on), with
# Jolokia's JVM agent and with the Prometheus JMX exporter. One run gives a verdict on every
# target of issues 4 and 17 (the report's targets table):
#   - launch to main's first line, and the hello-world's wall time to exit (the app prints one
#     line and exits), none / empty / hermes / jolokia / exporter, LAUNCH_RUNS interleaved rounds;
#   - launch to the first HTTP 200 (hermes GET /, Jolokia /jolokia/version, the exporter
#     /metrics; asked every 2 ms on a new connection), LAUNCH_RUNS interleaved rounds;
#   - idle RSS 5 s after start, none / empty / hermes / jmx=off / hermes-busy (10 probes and 5
#     pulled children, served by a seed server in a JVM of its own) / jolokia / exporter, RSS_RUNS
#     rounds, RSS_GROUP JVMs at a time; then one more round with -Xlog:class+load for the
#     classes loaded by 5 s;
#   - warm scrape latency of the JVM defaults and JVM CPU per scrape (issue 4);
#   - the load average as each step began (the interference table).
#
#   bench/peers/run.sh            the full run (~10 minutes on 2 idle cores; the steps of issue 17
#                                 add ~3 minutes to the ~7 of the others)
#   bench/peers/run.sh --quick    a smoke run of every step with fewer repetitions (~3.5 minutes)
#
# Downloads the peers' published agent jars with Maven (mvn dependency:copy, into
# bench/out/peers/jars; JOLOKIA_VERSION and EXPORTER_VERSION override the pinned versions;
# MVN_FLAGS adds flags, e.g. "-o -Dmaven.repo.local=DIR"), uses the built
# agent/target/hermes.jar (this script never builds Hermes). Writes raw samples to
# bench/out/peers/ and the report to bench/out/peers-<date>[-quick].md, and prints it.
set -euo pipefail

BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ROOT="$(dirname "$BENCH")"
HERE="$BENCH/peers"
WORK="$BENCH/out/peers"
RAW="$WORK/raw"
JARS="$WORK/jars"
JAVA17_HOME="${JAVA17_HOME:-/usr/lib/jvm/java-17-openjdk-amd64}"
JAVA25_HOME="${JAVA25_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
BUILT_JAR="$ROOT/agent/target/hermes.jar"
# The latest releases on Maven Central when this was written (2.x for Jolokia).
JOLOKIA_VERSION="${JOLOKIA_VERSION:-2.6.0}"
EXPORTER_VERSION="${EXPORTER_VERSION:-1.0.1}"
JDKS=(17 25)
KINDS="none empty floor hermes jolokia exporter"
FIRST_KINDS="hermes floor jolokia exporter"
RSS_KINDS="none empty floor hermes hermes-nojmx hermes-busy jolokia exporter"
AGENTS="hermes jolokia jolokia-nodelay exporter"
BUSY_CHILDREN=5 # hermes-busy pulls this many children (the seed server's /c1 ... /cN)
FIRST_POLL_MS=2
# At most this many JVMs start together in the RSS steps: with more, start-up on 2 cores runs so
# late that hermes's JMX bridge (first sample 2 s after premain) has not sampled by 5 s.
RSS_GROUP=4

mode=full
for arg in "$@"; do
  case "$arg" in
    --quick) mode=quick ;;
    -h | --help) sed -n '2,25p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown option [$arg]: use --quick or --help" >&2; exit 2 ;;
  esac
done

if [[ $mode == full ]]; then
  LAUNCH_RUNS=10 RSS_RUNS=5 REQUESTS=1000 WARMUP=200 CPU_SECONDS=5 SETTLE_MS=5000
else
  LAUNCH_RUNS=3 RSS_RUNS=1 REQUESTS=200 WARMUP=50 CPU_SECONDS=1 SETTLE_MS=2000
fi
WARMUP_ROUNDS=1
RSS_AFTER_MS=5000
APP_SECONDS=600 # the plain app's own bound on its life
EMPTY_JAR="$WORK/empty-agent.jar"
FLOOR_JAR="$WORK/floor-agent.jar"
CLASSLOG="" # when set, a directory: each JVM writes its class+load log there

# Background processes, each the leader of a process group of its own: the EXIT trap stops
# the groups, so that no JVM outlives the script.
# SERVICES: the same, for a server that outlives a step (the seed server).
GROUPS_STARTED=()
SERVICES=()
cleanup() {
  local g i all=(${GROUPS_STARTED[@]+"${GROUPS_STARTED[@]}"} ${SERVICES[@]+"${SERVICES[@]}"})
  for g in ${all[@]+"${all[@]}"}; do
    [[ -n $g ]] || continue
    kill -TERM -- "-$g" 2>/dev/null || true
  done
  for g in ${all[@]+"${all[@]}"}; do
    [[ -n $g ]] || continue
    for i in $(seq 50); do
      kill -0 -- "-$g" 2>/dev/null || break
      sleep 0.1
    done
    kill -KILL -- "-$g" 2>/dev/null || true
  done
  GROUPS_STARTED=()
  SERVICES=()
}
trap cleanup EXIT
trap 'exit 130' INT TERM

step() {
  printf '\n== %s\n' "$1" >&2
  printf '%s\t%s\t%s\n' "$1" "$(cut -d' ' -f1 /proc/loadavg)" "$SECONDS" >>"$RAW/load.tsv"
}
die() { echo "bench/peers: $*" >&2; exit 1; }
java_home() { if [[ $1 == 17 ]]; then echo "$JAVA17_HOME"; else echo "$JAVA25_HOME"; fi; }
java_of() { echo "$(java_home "$1")/bin/java"; }

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
helper() { grouped "$(java_of 17)" -cp "$WORK/harness" "$@"; }

prepare() {
  [[ -x $(java_of 17) && -x $(java_of 25) ]] || die "need JDK 17 and 25: set JAVA17_HOME, JAVA25_HOME"
  local i
  for i in $(seq 60); do
    [[ -f $BUILT_JAR ]] && break
    echo "waiting for $BUILT_JAR ($i/60)" >&2
    sleep 5
  done
  [[ -f $BUILT_JAR ]] || die "no $BUILT_JAR: build the project first (mvn -B install -DskipTests)"
  rm -rf "$WORK/apps" "$WORK/harness" "$RAW"
  mkdir -p "$WORK/apps" "$WORK/harness" "$RAW" "$JARS"
  : >"$RAW/load.tsv"
  step "Fetching the peers' agent jars (Maven) and compiling"
  JOLOKIA_JAR="$JARS/jolokia-agent-jvm-$JOLOKIA_VERSION-javaagent.jar"
  EXPORTER_JAR="$JARS/jmx_prometheus_javaagent-$EXPORTER_VERSION.jar"
  # shellcheck disable=SC2086 # MVN_FLAGS is words
  [[ -f $JOLOKIA_JAR ]] || mvn -B -q ${MVN_FLAGS:-} dependency:copy \
    "-Dartifact=org.jolokia:jolokia-agent-jvm:$JOLOKIA_VERSION:jar:javaagent" \
    "-DoutputDirectory=$JARS" >&2
  # shellcheck disable=SC2086
  [[ -f $EXPORTER_JAR ]] || mvn -B -q ${MVN_FLAGS:-} dependency:copy \
    "-Dartifact=io.prometheus.jmx:jmx_prometheus_javaagent:$EXPORTER_VERSION" \
    "-DoutputDirectory=$JARS" >&2
  [[ -f $JOLOKIA_JAR && -f $EXPORTER_JAR ]] || die "could not fetch the peers' jars into $JARS"
  cp "$BUILT_JAR" "$WORK/hermes.jar" # a copy: a rebuild during the run changes nothing
  # Every MBean attribute, as the exporter's own examples do for "all JVM MBeans".
  printf 'rules:\n  - pattern: ".*"\n' >"$WORK/exporter.yaml"
  "$JAVA17_HOME/bin/javac" --release 17 -d "$WORK/apps" "$HERE"/apps/*.java
  # The baseline agent, built as bench/run.sh builds it: a premain that does nothing.
  rm -rf "$WORK/empty-agent"
  mkdir -p "$WORK/empty-agent"
  "$JAVA17_HOME/bin/javac" --release 11 -d "$WORK/empty-agent" "$BENCH"/empty-agent/EmptyAgent.java
  printf 'Premain-Class: EmptyAgent\n' >"$WORK/empty-agent.mf"
  "$JAVA17_HOME/bin/jar" --create --file "$EMPTY_JAR" --manifest "$WORK/empty-agent.mf" \
    -C "$WORK/empty-agent" .
  # The floor (bench/floor): the least agent that does the defaults' work, for what no
  # trimming of Hermes can go below. No indy string concatenation: it would spin classes.
  rm -rf "$WORK/floor"
  mkdir -p "$WORK/floor"
  "$JAVA17_HOME/bin/javac" --release 11 -XDstringConcat=inline -d "$WORK/floor" "$BENCH"/floor/FloorAgent.java
  printf 'Premain-Class: FloorAgent\n' >"$WORK/floor.mf"
  "$JAVA17_HOME/bin/jar" --create --file "$FLOOR_JAR" --manifest "$WORK/floor.mf" -C "$WORK/floor" .
  "$JAVA17_HOME/bin/javac" -d "$WORK/harness" "$BENCH"/tree/harness/*.java "$HERE"/harness/*.java
}

describe_run() {
  local cpu mem
  cpu=$(lscpu | sed -n 's/^Model name:[[:space:]]*//p' | head -1)
  mem=$(awk '/^MemTotal:/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)
  echo "- Machine: $(nproc) cores ($cpu), $mem memory, Linux $(uname -r)," \
    "$(. /etc/os-release && echo "$PRETTY_NAME")"
  echo "- JDK 17: $("$(java_of 17)" -version 2>&1 | sed -n 2p)"
  echo "- JDK 25: $("$(java_of 25)" -version 2>&1 | sed -n 2p)"
  echo "- hermes.jar built $(date -r "$BUILT_JAR" '+%F %T'), sha256 $(sha256sum "$WORK/hermes.jar" | cut -c1-12);" \
    "Jolokia JVM agent $JOLOKIA_VERSION; Prometheus JMX exporter agent $EXPORTER_VERSION"
  echo "- Load average (1 min) at the start: $(cut -d' ' -f1 /proc/loadavg)"
}

# The JVM options of a kind, one a line. The diagnosis kinds explain a figure; they are no target.
agent_opts() {
  case $1 in
    none) ;;
    empty) echo "-javaagent:$EMPTY_JAR" ;;
    floor) echo "-javaagent:$FLOOR_JAR=port={port},http,jmx" ;;
    hermes) echo "-javaagent:$WORK/hermes.jar=port={port}" ;;
    hermes-nojmx) echo "-javaagent:$WORK/hermes.jar=port={port},jmx=off" ;;
    hermes-busy) # start_seed wrote the probes file and set SEED_PORT
      local i children=()
      for i in $(seq "$BUSY_CHILDREN"); do children+=("c$i=http://127.0.0.1:$SEED_PORT/c$i"); done
      echo "-javaagent:$WORK/hermes.jar=port={port},probes=$WORK/busy.probes,children=$(IFS='|' && echo "${children[*]}")" ;;
    jolokia) echo "-javaagent:$JOLOKIA_JAR=port={port},host=127.0.0.1" ;;
    # The JDK's HttpServer leaves TCP_NODELAY off unless told: a keep-alive client then waits
    # for the delayed ACK (~40 ms) on every answer. Hermes sets it for its own copy.
    jolokia-nodelay)
      echo "-Dsun.net.httpserver.nodelay=true"
      echo "-javaagent:$JOLOKIA_JAR=port={port},host=127.0.0.1" ;;
    exporter) echo "-javaagent:$EXPORTER_JAR=127.0.0.1:{port}:$WORK/exporter.yaml" ;;
  esac
}

# What each agent serves for "the JVM's defaults". Jolokia 2.x answers a read of java.lang:*
# with a single error (a memory pool's CollectionUsageThreshold is unsupported) unless told to
# skip the attributes that throw: ignoreErrors=true, as its own clients (hawtio) do.
scrape_path() {
  case $1 in
    hermes) echo "/?type=json" ;;
    jolokia | jolokia-nodelay) echo "/jolokia/read/java.lang:*?ignoreErrors=true" ;;
    exporter) echo "/metrics" ;;
  esac
}

# Where the launch to the first 200 asks: each agent's cheapest answer.
first_path() {
  case $1 in
    hermes | floor) echo "/" ;;
    jolokia) echo "/jolokia/version" ;;
    exporter) echo "/metrics" ;;
  esac
}

# write_variants FILE PATH_FUNCTION|no APP_SECONDS KIND...: one line per JDK and kind, the
# path to ask (from the function) second unless no.
write_variants() {
  local file=$1 path_of=$2 seconds=$3 jdk kind options words
  shift 3
  : >"$file"
  for jdk in "${JDKS[@]}"; do
    for kind in "$@"; do
      words=("$jdk/$kind")
      [[ $path_of == no ]] || words+=("$("$path_of" "$kind")")
      words+=("$(java_of "$jdk")")
      [[ -z $CLASSLOG ]] || words+=("-Xlog:class+load=info:file=$CLASSLOG/$jdk-$kind.log:uptimemillis")
      mapfile -t options < <(agent_opts "$kind")
      words+=(${options[@]+"${options[@]}"})
      words+=(-cp "$WORK/apps" PlainApp "$seconds")
      (IFS=$'\t' && echo "${words[*]}") >>"$file"
    done
  done
}

# Each launch runs the app to its exit (PlainApp 0: prints main and exits), so that one launch
# gives both figures: to the first line and, as a hello-world, to exit.
measure_launch() {
  step "Launch to main's first line and hello-world to exit: $LAUNCH_RUNS interleaved rounds"
  write_variants "$RAW/launch.variants" no 0 $KINDS
  helper Launches "$RAW/launch.variants" "$LAUNCH_RUNS" "$WARMUP_ROUNDS" main exit >"$RAW/launch.tsv"
  awk -F'\t' '{ print $1 "\t" $3 }' "$RAW/launch.tsv" | "$(java_of 17)" -cp "$WORK/harness" Stats \
    >"$RAW/launch.fig"
  awk -F'\t' '{ print $1 "\t" $4 }' "$RAW/launch.tsv" | "$(java_of 17)" -cp "$WORK/harness" Stats \
    >"$RAW/hello.fig"
}

measure_first_ok() {
  step "Launch to the first HTTP 200: $LAUNCH_RUNS interleaved rounds, asking every $FIRST_POLL_MS ms"
  write_variants "$RAW/first.variants" first_path "$APP_SECONDS" $FIRST_KINDS
  helper FirstAnswer "$RAW/first.variants" "$LAUNCH_RUNS" "$WARMUP_ROUNDS" "$FIRST_POLL_MS" \
    >"$RAW/first.tsv"
  awk -F'\t' '{ print $1 "\t" $3 }' "$RAW/first.tsv" | "$(java_of 17)" -cp "$WORK/harness" Stats \
    >"$RAW/first.fig"
}

# The pulled children of hermes-busy: a seed server in a JVM of its own (JDK 17), for the RSS
# steps; and the probes file: 4 tcp checks of its port, 3 http checks of children's paths, 3 key
# checks of children's states, at the default interval (10 s; each first runs within 1 s).
start_seed() {
  local i
  rm -f "$WORK/seed.port"
  setsid "$(java_of 17)" -Xmx32m -cp "$WORK/harness" SeedServer "$WORK/seed.port" 1800 \
    "$BUSY_CHILDREN" >/dev/null &
  SERVICES+=("$!")
  for i in $(seq 100); do
    [[ -s $WORK/seed.port ]] && break
    sleep 0.1
  done
  [[ -s $WORK/seed.port ]] || die "the seed server did not start"
  SEED_PORT=$(cat "$WORK/seed.port")
  {
    for i in 1 2 3 4; do echo "port$i = tcp 127.0.0.1:$SEED_PORT"; done
    for i in 1 2 3; do echo "page$i = http http://127.0.0.1:$SEED_PORT/c$i contains=status"; done
    for i in 1 2 3; do echo "child$i = key c$i/hermes.child.state critical=not:running"; done
  } >"$WORK/busy.probes"
}

measure_rss() {
  start_seed
  step "Idle RSS ${RSS_AFTER_MS} ms after start: $RSS_RUNS rounds, $RSS_GROUP of one JDK's variants at a time"
  write_variants "$RAW/rss.variants" no "$APP_SECONDS" $RSS_KINDS
  helper "-Dbench.groupSize=$RSS_GROUP" IdleRss "$RAW/rss.variants" "$RSS_RUNS" "$RSS_AFTER_MS" \
    >"$RAW/rss.tsv"
  awk -F'\t' '{ print $1 "\t" $3 }' "$RAW/rss.tsv" | "$(java_of 17)" -cp "$WORK/harness" Stats \
    >"$RAW/rss.fig"

  # Another round with the class+load log, apart: the logging costs memory of its own. Classes
  # loaded by then: the lines whose JVM uptime is at most RSS_AFTER_MS.
  step "Classes loaded ${RSS_AFTER_MS} ms after start (-Xlog:class+load): 1 round"
  rm -rf "$RAW/classes"
  mkdir -p "$RAW/classes"
  CLASSLOG="$RAW/classes"
  write_variants "$RAW/classes.variants" no "$APP_SECONDS" $RSS_KINDS
  CLASSLOG=""
  helper "-Dbench.groupSize=$RSS_GROUP" IdleRss "$RAW/classes.variants" 1 "$RSS_AFTER_MS" \
    >"$RAW/classes.tsv"
  cleanup # the seed server
  local jdk kind
  : >"$RAW/classes.fig"
  for jdk in "${JDKS[@]}"; do
    for kind in $RSS_KINDS; do
      awk -v label="$jdk/$kind" -v limit="$RSS_AFTER_MS" '
        { t = $1; gsub(/[^0-9]/, "", t); if (t + 0 <= limit) n++ }
        END { printf "%s/classes\t%d\n", label, n }' "$RAW/classes/$jdk-$kind.log" >>"$RAW/classes.fig"
    done
  done
}

measure_scrapes() {
  step "Warm scrapes: $WARMUP warm-up, $REQUESTS timed each; CPU over ${CPU_SECONDS} s idle vs scraping"
  write_variants "$RAW/scrape.variants" scrape_path "$APP_SECONDS" $AGENTS
  helper "-Dbench.warmup=$WARMUP" "-Dbench.requests=$REQUESTS" "-Dbench.cpuSeconds=$CPU_SECONDS" \
    "-Dbench.settleMs=$SETTLE_MS" "-Dbench.clkTck=$(getconf CLK_TCK)" PeerBench "$RAW/scrape.variants" \
    >"$RAW/scrape.fig"
}

# ---------------------------------------------------------------------------------------------
# The report

fig() {
  local v
  v=$(awk -F'\t' -v k="$2" '$1 == k { print $2; exit }' "$RAW/$1.fig")
  echo "${v:-nan}"
}
num() { awk -v v="$1" -v d="$2" 'BEGIN { if (v == "nan") print "—"; else printf "%." d "f", v }'; }
minus() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%+.1f", a - b }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b + 0 <= 0 || a == "nan" || b == "nan") print "nan"; else printf "%.1f", a / b }'; }
verdict() {
  awk -v v="$1" -v op="$2" -v l="$3" 'BEGIN {
    if (v == "nan") { print "NOT MEASURED"; exit }
    if (l == "-") { print "(no target)"; exit }
    ok = (op == "<=") ? (v + 0 <= l + 0) : (op == "<") ? (v + 0 < l + 0) : (v + 0 >= l + 0)
    print ok ? "MET" : "NOT MET" }'
}
label() {
  case $1 in
    none) echo "no agent" ;;
    empty) echo "the empty one-class agent" ;;
    floor) echo "*floor:* the least agent doing the defaults' work (\`bench/floor\`)" ;;
    hermes) echo "**hermes.jar** (defaults, jmx on)" ;;
    hermes-nojmx) echo "*diagnosis:* hermes.jar \`jmx=off\`" ;;
    hermes-busy) echo "hermes.jar, 10 probes + $BUSY_CHILDREN pulled children" ;;
    jolokia) echo "Jolokia JVM agent $JOLOKIA_VERSION" ;;
    jolokia-nodelay) echo "*diagnosis:* Jolokia with \`-Dsun.net.httpserver.nodelay=true\`" ;;
    exporter) echo "Prometheus JMX exporter $EXPORTER_VERSION" ;;
  esac
}

# over_row TEXT FIGFILE KIND BASE LIMIT UNIT: KIND's median − BASE's ≤ LIMIT, on each JDK.
over_row() {
  local what=$1 file=$2 kind=$3 base=$4 limit=$5 unit=$6 jdk cells="" verdicts="" a b d
  for jdk in "${JDKS[@]}"; do
    a=$(fig "$file" "$jdk/$kind/median") b=$(fig "$file" "$jdk/$base/median")
    d=$(awk -v a="$a" -v b="$b" 'BEGIN { if (a == "nan" || b == "nan") print "nan"; else printf "%.3f", a - b }')
    cells+=" $(num "$a" 1) vs $(num "$b" 1): **$(num "$d" 1 | sed 's/^[0-9]/+&/')** $unit |"
    verdicts+="$(verdict "$d" '<=' "$limit") / "
  done
  echo "| $what |$cells ${verdicts% / } |"
}

# first_rows [KIND]: the launch to the first 200, peers' medians ÷ KIND's (hermes unless given),
# and KIND's absolute.
first_rows() {
  local peer least jdk cells verdicts r h who=${1:-hermes} name=Hermes
  [[ $who == hermes ]] || name="the floor"
  for peer in jolokia:3 exporter:5; do
    least=${peer#*:} peer=${peer%%:*} cells="" verdicts=""
    for jdk in "${JDKS[@]}"; do
      r=$(ratio "$(fig first "$jdk/$peer/median")" "$(fig first "$jdk/$who/median")")
      cells+=" $(num "$r" 1)× ($(num "$(fig first "$jdk/$peer/median")" 0) vs $(num "$(fig first "$jdk/$who/median")" 0) ms) |"
      verdicts+="$(verdict "$r" '>=' "$least") / "
    done
    echo "| (17) launch → first HTTP 200: $(label "$peer") ÷ $name ≥ $least (medians) |$cells ${verdicts% / } |"
  done
  cells="" verdicts=""
  for jdk in "${JDKS[@]}"; do
    h=$(fig first "$jdk/$who/median")
    cells+=" $(num "$h" 1) ms (p90 $(num "$(fig first "$jdk/$who/p90")" 0)) |"
    verdicts+="$(verdict "$h" '<=' 200) / "
  done
  echo "| (17) launch → first HTTP 200 ≤ 200 ms, $name, absolute (drifts with the machine's load) |$cells ${verdicts% / } |"
}

# timing_rows FIGFILE BASE KIND...: a row per kind, median / p90 and median − BASE's, per JDK.
timing_rows() {
  local file=$1 base=$2 k jdk row
  shift 2
  for k in "$@"; do
    row="| $(label "$k") |"
    for jdk in "${JDKS[@]}"; do
      row+=" $(num "$(fig "$file" "$jdk/$k/median")" 1) / $(num "$(fig "$file" "$jdk/$k/p90")" 1) |"
      row+=" $(minus "$(fig "$file" "$jdk/$k/median")" "$(fig "$file" "$jdk/$base/median")") |"
    done
    echo "$row"
  done
}

# target_row TEXT FIGFILE STAT: Hermes's advantage over each peer as peer/hermes ratios.
target_rows() {
  local what=$1 file=$2 stat=$3 peers=${4:-jolokia exporter} peer jdk cells verdicts r
  for peer in $peers; do
    cells="" verdicts=""
    for jdk in "${JDKS[@]}"; do
      r=$(ratio "$(fig "$file" "$jdk/$peer/$stat")" "$(fig "$file" "$jdk/hermes/$stat")")
      cells+=" $(num "$r" 1)× |"
      verdicts+="$(verdict "$r" '>=' 5) / "
    done
    echo "| (4) $what: $(label "$peer") ÷ Hermes ≥ 5 |$cells ${verdicts% / } |"
  done
}

report() {
  local jdk k
  cat <<EOF
## Hermes beside its peers, $(date '+%F %H:%M') ($mode run$([[ $mode == quick ]] && echo ": smoke, not final" || true))

$(cat "$RAW/run.md")
- The plain app: \`PlainApp\` prints \`main\` and sleeps (in the launch step it exits at once: a
  hello-world). The empty agent: \`bench/empty-agent\`'s premain that does nothing, in a jar of
  its own (as \`bench/run.sh\` builds it). Agents at their defaults on a free
  loopback port: hermes.jar \`port=N\` (JMX bridge on, sampling every 5 s), Jolokia
  \`port=N,host=127.0.0.1\`, the exporter \`127.0.0.1:N:exporter.yaml\` with
  \`rules: [{pattern: ".*"}]\` (every MBean attribute).
- The JVM's defaults as each serves them: Hermes \`GET /?type=json\` (its \`jvm.\`, \`process.\`,
  \`os.\` keys, read from memory; the bridge samples JMX on its own thread); Jolokia
  \`GET /jolokia/read/java.lang:*?ignoreErrors=true\` (without \`ignoreErrors\`, 2.x answers the
  whole read with one error); the exporter \`GET /metrics\`. They do not carry the same amount
  of data: body sizes below.
- Harness, agents and app share the 2 cores. Load average at each step: at the end.

### Targets (this run)

(17) and (4): the issue. Medians of this run; each peer in the same run.

| target | JDK 17 | JDK 25 | verdict 17 / 25 |
|---|---|---|---|
EOF
  over_row "(17) idle RSS ≤ no agent + 10 MiB" rss hermes none 10 MiB
  for k in jolokia exporter; do
    echo "| (4, 17) idle RSS: Hermes < $(label "$k") (medians, MiB) | $(num "$(fig rss "17/hermes/median")" 1) vs $(num "$(fig rss "17/$k/median")" 1) | $(num "$(fig rss "25/hermes/median")" 1) vs $(num "$(fig rss "25/$k/median")" 1) | $(verdict "$(fig rss "17/hermes/median")" '<' "$(fig rss "17/$k/median")") / $(verdict "$(fig rss "25/hermes/median")" '<' "$(fig rss "25/$k/median")") |"
  done
  over_row "(17) idle RSS with 10 probes + $BUSY_CHILDREN pulled children ≤ no agent + 14 MiB" rss hermes-busy none 14 MiB
  over_row "(17) hello-world wall time ≤ the empty agent + 10 ms" hello hermes empty 10 ms
  first_rows
  cat <<EOF

The same targets for the floor (\`bench/floor\`: the JDK's HTTP server on loopback and the JMX
defaults read through \`ManagementFactory\`, nothing else): where the floor misses a target, no
trimming of Hermes meets it while the defaults stay what they are.

| the floor | JDK 17 | JDK 25 | verdict 17 / 25 |
|---|---|---|---|
EOF
  over_row "(17) idle RSS ≤ no agent + 10 MiB" rss floor none 10 MiB
  over_row "(17) hello-world wall time ≤ the empty agent + 10 ms" hello floor empty 10 ms
  first_rows floor
  over_row "Hermes over the floor: idle RSS" rss hermes floor - MiB
  over_row "Hermes over the floor: hello-world" hello hermes floor - ms
  cat <<EOF

| target | JDK 17 | JDK 25 | verdict 17 / 25 |
|---|---|---|---|
EOF
  target_rows "scrape latency median" scrape latency/median
  target_rows "scrape latency p99" scrape latency/p99
  target_rows "JVM CPU per scrape" scrape cpu_ms_per_scrape
  target_rows "scrape latency median" scrape latency/median jolokia-nodelay
  target_rows "scrape latency p99" scrape latency/p99 jolokia-nodelay
  cat <<EOF

### Launch to \`main\` (ms from \`start()\` to the app's first stdout line; median / p90 of $(num "$(fig launch 17/none/n)" 0) interleaved rounds)

The app prints \`main\` and exits: the same launches give the hello-world's wall time below.

| variant | JDK 17 | JDK 17 − no agent | JDK 25 | JDK 25 − no agent |
|---|---|---|---|---|
EOF
  timing_rows launch none $KINDS

  cat <<EOF

### Hello-world wall time (ms from \`start()\` to exit; median / p90 of $(num "$(fig hello 17/none/n)" 0) interleaved rounds)

| variant | JDK 17 | JDK 17 − empty agent | JDK 25 | JDK 25 − empty agent |
|---|---|---|---|---|
EOF
  timing_rows hello empty $KINDS

  cat <<EOF

### Launch to the first HTTP 200 (ms; median / p90 of $(num "$(fig first 17/hermes/n)" 0) interleaved rounds)

From just before \`start()\` to the end of the first 200's body, asking every $FIRST_POLL_MS ms on a new
connection: Hermes \`GET /\`, Jolokia \`GET /jolokia/version\` (its cheapest answer), the exporter
\`GET /metrics\` (its only one). Absolute figures move with the machine's load; the ratios less.

| variant | JDK 17 | JDK 17 ÷ Hermes | JDK 25 | JDK 25 ÷ Hermes |
|---|---|---|---|---|
EOF
  for k in $FIRST_KINDS; do
    echo "| $(label "$k") | $(num "$(fig first "17/$k/median")" 1) / $(num "$(fig first "17/$k/p90")" 1) | $(num "$(ratio "$(fig first "17/$k/median")" "$(fig first 17/hermes/median)")" 1)× | $(num "$(fig first "25/$k/median")" 1) / $(num "$(fig first "25/$k/p90")" 1) | $(num "$(ratio "$(fig first "25/$k/median")" "$(fig first 25/hermes/median)")" 1)× |"
  done

  cat <<EOF

### Idle RSS ${RSS_AFTER_MS} ms after start (MiB, VmRSS; median (min–max) of $(num "$(fig rss 17/none/n)" 0) rounds) and classes loaded by then

Up to $RSS_GROUP of a JDK's variants run at the same time (start-up contention on 2 cores; who
runs beside whom rotates each round; all are idle well before ${RSS_AFTER_MS} ms, and hermes's JMX
bridge has sampled, 2 s after premain). The $(label hermes-busy) variant: \`probes=\` a file of
4 \`tcp\`, 3 \`http\` and 3 \`key\` probes at the default interval (10 s; each first runs within
1 s), \`children=\` $BUSY_CHILDREN URLs of a seed server in a JVM of its own, 3 keys each, pulled every 5 s
(the first pull within 1 s). Classes: the lines of \`-Xlog:class+load\` with a JVM uptime of at
most ${RSS_AFTER_MS} ms, in one more round run apart (the logging costs memory of its own).

| variant | JDK 17 | JDK 17 − no agent | classes | JDK 25 | JDK 25 − no agent | classes |
|---|---|---|---|---|---|---|
EOF
  for k in $RSS_KINDS; do
    echo "| $(label "$k") | $(num "$(fig rss "17/$k/median")" 1) ($(num "$(fig rss "17/$k/min")" 1)–$(num "$(fig rss "17/$k/max")" 1)) | $(minus "$(fig rss "17/$k/median")" "$(fig rss 17/none/median)") | $(num "$(fig classes "17/$k/classes")" 0) | $(num "$(fig rss "25/$k/median")" 1) ($(num "$(fig rss "25/$k/min")" 1)–$(num "$(fig rss "25/$k/max")" 1)) | $(minus "$(fig rss "25/$k/median")" "$(fig rss 25/none/median)") | $(num "$(fig classes "25/$k/classes")" 0) |"
  done

  cat <<EOF

### Warm scrape of the JVM's defaults

All the agent JVMs run at once, idle; each is scraped $WARMUP times, then $REQUESTS timed
scrapes each in blocks of 50 taking turns, each JVM on its own keep-alive connection from the
harness. CPU: after ${CPU_SECONDS} s of unmeasured back-to-back scrapes (JIT warm-up) and a pause, the JVM's
utime+stime over ${CPU_SECONDS} s of back-to-back scrapes minus what it used over ${CPU_SECONDS} s idle just before (clock ticks of $((1000 / $(getconf CLK_TCK))) ms), per scrape.
Hermes reads JMX on its own schedule (every 5 s), not per scrape: that work is in its idle CPU,
which is subtracted; the peers read the MBeans inside each scrape.

| agent | JDK | body, bytes | latency ms median / p90 / p99 / max | JVM CPU ms per scrape | idle JVM CPU, ms/s | scrapes in the CPU window | RSS after, MiB | launch → first 200, ms (1 sample) |
|---|---|---|---|---|---|---|---|---|
EOF
  for k in $AGENTS; do
    for jdk in "${JDKS[@]}"; do
      echo "| $(label "$k") | $jdk | $(num "$(fig scrape "$jdk/$k/bytes")" 0) | $(num "$(fig scrape "$jdk/$k/latency/median")" 2) / $(num "$(fig scrape "$jdk/$k/latency/p90")" 2) / $(num "$(fig scrape "$jdk/$k/latency/p99")" 2) / $(num "$(fig scrape "$jdk/$k/latency/max")" 2) | $(num "$(fig scrape "$jdk/$k/cpu_ms_per_scrape")" 3) | $(num "$(fig scrape "$jdk/$k/idle_cpu_ms_per_s")" 1) | $(num "$(fig scrape "$jdk/$k/cpu_scrapes")" 0) | $(num "$(fig scrape "$jdk/$k/rss_after_mib")" 0) | $(num "$(fig scrape "$jdk/$k/first_ok_ms")" 0) |"
    done
  done
  cat <<EOF

Non-200 answers or reconnects during the timed scrapes: $(awk -F'\t' '$1 ~ /\/errors$/ { sub("/errors$", "", $1); printf "%s %d; ", $1, $2 }' "$RAW/scrape.fig")

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
  measure_launch
  measure_first_ok
  measure_rss
  measure_scrapes
  step "Done"
  local file
  file="$BENCH/out/peers-$(date +%F)$([[ $mode == quick ]] && echo -quick || true).md"
  report >"$file"
  echo "Written $file" >&2
  cat "$file"
}

main
