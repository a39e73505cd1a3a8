#!/usr/bin/env bash
# The growth table of two builds, measured size by size in turn so that both see the same load
# (issue 11): for each N and each JDK, AFTER as the issue's simulation (children joining without a
# token; the root has a secret), then BEFORE and, on JDK 17, AFTER again with --spawn (children
# joining with a token as spawned processes: the only way past 64 children for a build without the
# secret's exemption). --spawn is left out at 10,000 (10,000 processes). Then the JDK server's floor.
#
#   bench/scale/compare.sh BEFORE_JAR AFTER_JAR [SIZES]     SIZES default 10,100,300,1000,3000,10000
#
# Reports: bench/out/scale-<date>-{after,before,after-spawn}.md and the floor on stdout.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
BEFORE="${1:?before jar}"; AFTER="${2:?after jar}"; SIZES="${3:-10,100,300,1000,3000,10000}"
declare -A started=()
run() { # tag, then run.sh's options
  local tag=$1; shift
  local keep=(); [[ -n ${started[$tag]:-} ]] && keep=(--keep)
  started[$tag]=1
  "$HERE/run.sh" "${keep[@]}" --tag "$tag" "$@" >/dev/null
}
IFS=, read -r -a ns <<<"$SIZES"
for n in "${ns[@]}"; do
  for jdk in 17 25; do
    run "after" --sizes "$n" --jdk "$jdk" --jar "$AFTER"
    if (( n <= 3000 )); then
      run "before" --sizes "$n" --jdk "$jdk" --jar "$BEFORE" --spawn
      if [[ $jdk == 17 ]]; then run "after-spawn" --sizes "$n" --jdk 17 --jar "$AFTER" --spawn; fi
    fi
  done
  echo "size $n done: $(date -u +%H:%M:%S), load $(cut -d' ' -f1 /proc/loadavg)" >&2
done
"$HERE/floor.sh" 3000 17 25
