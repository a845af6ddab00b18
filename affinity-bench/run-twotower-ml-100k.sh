#!/usr/bin/env bash
# Two-tower on MovieLens 100K, random 25% holdout (seed 42), full ranking, beside EASE and most-popular.
# Writes affinity-bench/results/twotower-ml-100k/{results.json,report.md,report.html} and a run.json
# with the command, the machine and the load average before and after (the machine is shared).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DATA="${1:-/work/shared/data/ml-100k}"
MODELS="${2:-twotower,ease,pop}"
OUT="$ROOT/affinity-bench/results/twotower-ml-100k"
mkdir -p "$OUT"
LOAD_BEFORE="$(cat /proc/loadavg)"
START=$(date +%s)
CMD=(./affinity evaluate --data "ml-100k:$DATA" --protocol random --test-fraction 0.25 --seed 42 --models "$MODELS" --out "$OUT")
(cd "$ROOT" && nice -n 5 "${CMD[@]}")
END=$(date +%s)
cat > "$OUT/run.json" <<JSON
{
  "command": "${CMD[*]}",
  "seed": 42,
  "date": "$(date -u +%Y-%m-%dT%H:%M:%SZ)",
  "machine": {"cores": $(nproc), "java": "$(java -version 2>&1 | head -1 | sed 's/"/\\"/g')"},
  "load_average_before": "$LOAD_BEFORE",
  "load_average_after": "$(cat /proc/loadavg)",
  "wall_seconds": $((END - START))
}
JSON
echo "wrote $OUT"
