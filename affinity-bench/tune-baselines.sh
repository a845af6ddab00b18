#!/usr/bin/env bash
# Tunes every traditional baseline with the same budget on a validation carve-out of ml-100k's
# training events, then evaluates the selected configuration on the test split (random 25%, seed 42).
#   affinity-bench/tune-baselines.sh [BUDGET]       (default 40 trials per model)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
BUDGET="${1:-40}"
DATA="${AFFINITY_ML100K:-../shared/data/ml-100k}"
if [ ! -f "$DATA/u.data" ]; then
  echo "ml-100k not found at $DATA (set AFFINITY_ML100K)" >&2
  exit 1
fi
OUT=affinity-bench/results/tune-ml-100k
mkdir -p "$OUT"
for model in ease itemknn userknn ials bpr tfidf segpop; do
  echo "== tuning $model (budget $BUDGET)" >&2
  ./affinity tune --data "ml-100k:$DATA" --protocol random --test-fraction 0.25 --seed 42 \
      --model "$model" --budget "$BUDGET" --metric ndcg@10 --k 5,10,20 --out "$OUT/$model" \
      > "$OUT/$model.log" 2>&1
  tail -n 3 "$OUT/$model.log" >&2
done
