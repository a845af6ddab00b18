#!/usr/bin/env bash
# Recorded runs of issue 7's "Adapting to change, measured" and "Engagement simulator" parts.
# Results (JSON with command, machine, load average) go to affinity-bench/results/.
# Usage: affinity-bench/run-simulate.sh [path-to-ml-100k]   (run from the repository root)
set -euo pipefail
ML100K="${1:-../shared/data/ml-100k}"
R=affinity-bench/results
nice -n 5 ./affinity adapt --data synthetic:small --models pop,ials --out $R/adapt-synthetic-small.json
nice -n 5 ./affinity adapt --data synthetic:small --shuffle-time --models pop,ials --out $R/adapt-synthetic-small-shuffled.json
nice -n 5 ./affinity simulate --world synthetic:small --days 30 --users 500 --seeds 5 --event-seeds 0 \
  --policies random,pop,ials,ials@foldin,ials@refit=7,oracle --out $R/simulate-synthetic-small
if [ -d "$ML100K" ]; then
  nice -n 5 ./affinity simulate --world "ml-100k:$ML100K" --days 30 --users 500 --seeds 5 --event-seeds 0 \
    --policies random,pop,ials,ials@foldin,ials@refit=7,oracle --out $R/simulate-ml-100k
fi
# The CTR drift monitor (@monitor) in the ml-100k world, with strong drift (5% a day) and without.
if [ -d "$ML100K" ]; then
  for d in 0.05 0; do
    nice -n 5 ./affinity simulate --world "ml-100k:$ML100K" --days 20 --users 300 --seeds 3 --event-seeds 0 \
      --drift-per-day $d --policies ials,ials@monitor,ials@refit=5,oracle --out $R/simulate-ml-100k-monitor-drift-$d
  done
fi
# Offline replay: the first seed's event log through the server's engagement pipeline (temporary SQLite
# store), checked against the simulator's own counts; events.csv is not committed (tens of MB).
if [ -d "$ML100K" ]; then
  nice -n 5 ./affinity simulate --world "ml-100k:$ML100K" --days 30 --users 500 --seeds 3 --event-seeds 1 --replay \
    --policies random,pop,ials,ials@foldin,ials@refit=7,oracle --out $R/simulate-ml-100k-replay
  rm -f $R/simulate-ml-100k-replay/events.csv
fi
