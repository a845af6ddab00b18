#!/usr/bin/env bash
# Recorded compare runs (issue 7). Run from the repository root; each run writes results.json after every
# section, so a run stopped early keeps the finished sections. Long: run with nice on a shared machine.
#   affinity-bench/run-compare.sh [ML100K_DIR]
set -euo pipefail
ML100K="${1:-../shared/data/ml-100k}"
R=affinity-bench/results
run() { # name, then compare arguments
  local name=$1; shift
  mkdir -p "$R/$name"
  local s; s=$(date +%s)
  echo "start $(date -Is) load $(cat /proc/loadavg)" > "$R/$name/wall.txt"
  nice -n 5 ./affinity compare "$@" --out "$R/$name" > "$R/$name/console.txt"
  echo "end $(date -Is) wall_s $(( $(date +%s) - s )) load $(cat /proc/loadavg)" >> "$R/$name/wall.txt"
}
run compare-ml-100k-quick --data "ml-100k:$ML100K" --quick
run compare-ml-100k --data "ml-100k:$ML100K"
run compare-synthetic-medium-quick --data synthetic:medium --quick
run compare-synthetic-medium --data synthetic:medium
