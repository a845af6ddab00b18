#!/usr/bin/env bash
# Tunes the deep models with the same budget and selection as affinity-bench/tune-baselines.sh: trials
# on a validation carve-out (25% of each training user's events, seed 42) of ml-100k's training
# events, selected by validation NDCG@10, then one evaluation of the selected configuration (and the
# defaults, and most-popular) on the test split (random 25%, seed 42, full ranking).
#   nice -n 5 affinity-bench/tune-deep.sh [BUDGET] [MODEL ...]     (default 40 trials; multvae neumf)
# THREADS (default 1) sets --threads: on a shared, loaded 2-core machine one PyTorch thread per fit is
# far faster than two (OpenMP threads spin at every barrier while others hold the cores).
# Runs the CLI from a private copy of the jar, so rebuilding the project meanwhile cannot disturb it.
# Writes affinity-bench/results/tune-ml-100k/MODEL/ (trace, best.json, results.json, reports),
# MODEL.log and MODEL.run.json (command, seed, machine, load average before and after, wall time).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
BUDGET="${1:-40}"
shift || true
MODELS=("$@")
[ ${#MODELS[@]} -eq 0 ] && MODELS=(multvae neumf)
DATA="${AFFINITY_ML100K:-../shared/data/ml-100k}"
if [ ! -f "$DATA/u.data" ]; then
  echo "ml-100k not found at $DATA (set AFFINITY_ML100K)" >&2
  exit 1
fi
./affinity models > /dev/null   # builds the CLI when sources changed
JAR="$(mktemp /tmp/affinity-tune-XXXXXX.jar)"
trap 'rm -f "$JAR"' EXIT
cp affinity-cli/target/affinity.jar "$JAR"
export PYTORCH_VERSION="${PYTORCH_VERSION:-2.7.1}" PYTORCH_FLAVOR="${PYTORCH_FLAVOR:-cpu}"
OUT=affinity-bench/results/tune-ml-100k
mkdir -p "$OUT"
JAVA_VERSION="$(java -version 2>&1 | head -n 1 | sed 's/"/\\"/g')"
for model in "${MODELS[@]}"; do
  echo "== tuning $model (budget $BUDGET)" >&2
  ARGS=(tune --data "ml-100k:$DATA" --protocol random --test-fraction 0.25 --seed 42
        --model "$model" --budget "$BUDGET" --metric ndcg@10 --k 5,10,20 --threads "${THREADS:-1}"
        --out "$OUT/$model")
  LOAD_BEFORE="$(cat /proc/loadavg)"
  START="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  T0=$(date +%s)
  java -Dai.djl.offline=true ${AFFINITY_JAVA_OPTS:-} -jar "$JAR" "${ARGS[@]}" > "$OUT/$model.log" 2>&1
  T1=$(date +%s)
  cat > "$OUT/$model.run.json" <<JSON
{
  "command": "nice -n 5 affinity-bench/tune-deep.sh $BUDGET $model  (= ./affinity ${ARGS[*]})",
  "seed": 42,
  "budget": $BUDGET,
  "date": "$START",
  "wall_seconds": $((T1 - T0)),
  "machine": {"cores": $(nproc), "java": "$JAVA_VERSION", "os": "$(uname -sr)"},
  "load_average_before": "$LOAD_BEFORE",
  "load_average_after": "$(cat /proc/loadavg)"
}
JSON
  tail -n 3 "$OUT/$model.log" >&2
done
