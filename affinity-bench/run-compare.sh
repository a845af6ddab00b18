#!/usr/bin/env bash
# Recorded compare runs (issue 7), with the default 30-minute time limit unless arguments say otherwise.
# Run from the repository root on a quiet machine; each run writes results.json after every section, so a run
# stopped early keeps the finished sections. The plan (and every reduction the time limit made) is in log.txt.
#   affinity-bench/run-compare.sh [ml-100k|synthetic-medium|ml-100k-quick|synthetic-medium-quick ...] [-- extra args]
# ML100K (default ../shared/data/ml-100k) points at the MovieLens 100K directory.
set -euo pipefail
ML100K="${ML100K:-../shared/data/ml-100k}"
R=affinity-bench/results
names=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do names+=("$1"); shift; done
[ "${1:-}" = "--" ] && shift
[ ${#names[@]} -eq 0 ] && names=(ml-100k synthetic-medium)
run() { # name, then compare arguments
  local name=$1; shift
  mkdir -p "$R/compare-$name"
  local s; s=$(date +%s)
  local info="$R/compare-$name/wall.txt"
  {
    echo "command: ./affinity compare $* --out $R/compare-$name"
    echo "commit: $(git rev-parse --short HEAD)$(git diff --quiet || echo ' (with uncommitted changes)')"
    echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(java -version 2>&1 | head -1)"
    echo "start $(date -Is) load $(cat /proc/loadavg)"
  } > "$info"
  ./affinity compare "$@" --out "$R/compare-$name" > "$R/compare-$name/console.txt" \
    2> >(grep -v --line-buffered -E 'ETA|WARN ai.djl|LegacyTypeDispatch' > "$R/compare-$name/log.txt")
  echo "end $(date -Is) wall_s $(( $(date +%s) - s )) load $(cat /proc/loadavg)" >> "$info"
}
for n in "${names[@]}"; do
  case "$n" in
    ml-100k) run ml-100k --data "ml-100k:$ML100K" "$@" ;;
    synthetic-medium) run synthetic-medium --data synthetic:medium "$@" ;;
    ml-100k-quick) run ml-100k-quick --data "ml-100k:$ML100K" --quick "$@" ;;
    synthetic-medium-quick) run synthetic-medium-quick --data synthetic:medium --quick "$@" ;;
    *) echo "unknown run '$n'" >&2; exit 2 ;;
  esac
done
