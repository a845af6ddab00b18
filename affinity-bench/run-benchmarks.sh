#!/usr/bin/env bash
# Reproduces the committed results under affinity-bench/results/.
#   affinity-bench/run-benchmarks.sh            # evaluation benchmark + ml-100k reference evaluation
#   affinity-bench/run-benchmarks.sh --jmh      # also the JMH micro-benchmarks (a few minutes)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
./mvnw -B -q -DskipTests -pl affinity-bench,affinity-cli -am package
RESULTS=affinity-bench/results

# 1. Full-ranking evaluation speed: most-popular over all 100k users x 20k items of synthetic:large.
java -Xmx8g -cp affinity-bench/target/benchmarks.jar ai.affinity.bench.EvaluationBenchmark \
    --preset large --seed 42 --repeats 3 --out "$RESULTS/eval-pop-synthetic-large.json"

# 2. Reference numbers on MovieLens 100K (needs ../shared/data/ml-100k) and on the built-in data.
if [ -f ../shared/data/ml-100k/u.data ]; then
  ./affinity evaluate --data ml-100k:../shared/data/ml-100k --protocol random --test-fraction 0.25 \
      --seed 42 --models pop,random --k 5,10,20 --out "$RESULTS/ml-100k-random-25"
else
  echo "skipping ml-100k: ../shared/data/ml-100k not found" >&2
fi
./affinity evaluate --data synthetic:medium --protocol random --test-fraction 0.2 \
    --seed 42 --models pop,random --k 5,10,20 --out "$RESULTS/synthetic-medium-random-20"

# 3. EASE fit time (Gram, in-place Cholesky inverse, weights) at 10k and 20k items; needs ~6 GB of
#    heap for the 20k case and takes tens of minutes on 2 cores.
java -Xmx16g -cp affinity-bench/target/benchmarks.jar ai.affinity.bench.EaseBenchmark \
    --presets medium,large --seed 42 --out "$RESULTS/ease-fit.json"

if [ "${1:-}" = "--jmh" ]; then
  java -jar affinity-bench/target/benchmarks.jar TopKBenchmark -rf json -rff "$RESULTS/jmh-topk.json"
fi
