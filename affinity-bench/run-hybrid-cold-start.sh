#!/usr/bin/env bash
# Hybrid content model and cold start (issue 5): MovieLens 100K cold items and new users, synthetic:small
# ablation, time to add a new item. Writes affinity-bench/results/hybrid-cold-start.json (command, seed,
# machine, load averages inside). Usage: affinity-bench/run-hybrid-cold-start.sh [ml-100k dir] [parts, e.g. abcd]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DATA="${1:-/work/shared/data/ml-100k}"
PARTS="${2:-abcd}"
cd "$ROOT"
./mvnw -B -q -o -DskipTests -pl affinity-bench -am package
. "$ROOT/affinity-bench/mkl-cbwr.sh"
export PYTORCH_VERSION="${PYTORCH_VERSION:-2.7.1}" PYTORCH_FLAVOR="${PYTORCH_FLAVOR:-cpu}"
nice -n 5 java -Xmx5g -cp affinity-bench/target/benchmarks.jar ai.affinity.bench.HybridColdStartBenchmark \
    --data "$DATA" --parts "$PARTS" --seed 42 --threads "$(nproc)" "${@:3}" \
    --out "affinity-bench/results/hybrid-cold-start-$PARTS.json"
