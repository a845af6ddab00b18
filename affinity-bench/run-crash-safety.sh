#!/usr/bin/env bash
# Crash safety of event ingestion: start `affinity serve` on an SQLite store, stream batches of events
# with client event ids from a second process, kill -9 the server at a random moment, restart it on the
# same store, and check that every batch it acknowledged is there: re-posting an acknowledged batch
# must come back as all duplicates (idempotency by event id proves the events were stored).
#
#   affinity-bench/run-crash-safety.sh [RUNS=10] [BATCH=100]
# Writes affinity-bench/results/crash-safety-sqlite.json. Needs curl. Uses ports 18500+.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
RUNS="${1:-10}"
BATCH="${2:-100}"
KEY="crash-test-key"
JAR="$ROOT/affinity-cli/target/affinity.jar"
"$ROOT/affinity" --version >/dev/null   # builds the CLI when sources changed
WORK="$(mktemp -d /tmp/affinity-crash.XXXXXX)"
trap 'kill -9 $(jobs -p) 2>/dev/null || true; rm -rf "$WORK"' EXIT
export PYTORCH_VERSION=2.7.1 PYTORCH_FLAVOR=cpu

start_server() { # $1 store, $2 port, $3 log
  java -Dai.djl.offline=true -Xmx1g -jar "$JAR" serve --data synthetic:tiny --store "$1" --port "$2" \
      --models pop --api-key "$KEY" --refit-seconds 0 >"$3" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 300); do
    curl -sf "http://127.0.0.1:$2/health" >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  echo "server did not start; log:" >&2; cat "$3" >&2; return 1
}

batch_json() { # $1 run, $2 batch number
  local i sep="" out='{"events": ['
  for i in $(seq 1 "$BATCH"); do
    out+="$sep{\"user_id\": \"cu$(( (i * 7 + $2) % 50 ))\", \"item_id\": \"i$(( (i * 13 + $2) % 200 ))\", \"type\": \"click\", \"event_id\": \"r$1-b$2-e$i\"}"
    sep=","
  done
  echo "$out]}"
}

total_acked=0; total_missing=0; results=""
for run in $(seq 1 "$RUNS"); do
  port=$((18500 + run))
  store="$WORK/run$run.db"
  start_server "$store" "$port" "$WORK/server$run.log"
  acked="$WORK/acked$run"; : >"$acked"
  # The writer: post batches back to back, record each batch the server acknowledged with HTTP 200.
  (
    b=0
    while true; do
      b=$((b + 1))
      batch_json "$run" "$b" >"$WORK/batch$run-$b.json"
      code=$(curl -s -o /dev/null -w '%{http_code}' -XPOST "http://127.0.0.1:$port/v1/events" \
          -H "X-API-Key: $KEY" -H 'Content-Type: application/json' --data-binary "@$WORK/batch$run-$b.json" || true)
      [ "$code" = "200" ] && echo "$b" >>"$acked"
    done
  ) &
  writer=$!
  # Kill at a random moment between 1 and 3 seconds into the stream.
  sleep "$(awk -v s="$run" 'BEGIN { srand(s); printf "%.2f", 1 + 2 * rand() }')"
  kill -9 "$SERVER_PID"
  wait "$SERVER_PID" 2>/dev/null || true
  sleep 0.3
  kill "$writer" 2>/dev/null || true
  wait "$writer" 2>/dev/null || true
  n_acked=$(wc -l <"$acked")
  # Restart on the same store and re-post every acknowledged batch: each must be all duplicates.
  start_server "$store" "$port" "$WORK/restart$run.log"
  missing=0
  while read -r b; do
    resp=$(curl -s -XPOST "http://127.0.0.1:$port/v1/events" -H "X-API-Key: $KEY" -H 'Content-Type: application/json' \
        --data-binary "@$WORK/batch$run-$b.json")
    accepted=$(echo "$resp" | sed -n 's/.*"accepted":\([0-9]*\).*/\1/p')
    if [ "$accepted" != "0" ]; then
      missing=$((missing + accepted)); echo "run $run: batch $b was acknowledged but $accepted events were missing" >&2
    fi
  done <"$acked"
  kill -9 "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true
  echo "run $run: $n_acked batches ($((n_acked * BATCH)) events) acknowledged before kill -9; missing after restart: $missing"
  total_acked=$((total_acked + n_acked * BATCH)); total_missing=$((total_missing + missing))
  results+="${results:+, }{\"run\": $run, \"acknowledged_events\": $((n_acked * BATCH)), \"missing\": $missing}"
done

mkdir -p "$ROOT/affinity-bench/results"
cat >"$ROOT/affinity-bench/results/crash-safety-sqlite.json" <<JSON
{
  "command": "affinity-bench/run-crash-safety.sh $RUNS $BATCH",
  "what": "kill -9 of affinity serve (SQLite, WAL, synchronous=FULL) while a second process streams batches of $BATCH events; after restart every acknowledged batch is re-posted and must be all duplicates",
  "date": "$(date -u +%Y-%m-%dT%H:%M:%SZ)",
  "machine": {"cores": $(nproc), "java": "$(java -version 2>&1 | head -1 | sed 's/"/\\"/g')", "loadavg": "$(cut -d' ' -f1-3 /proc/loadavg)"},
  "acknowledged_events": $total_acked,
  "missing_events": $total_missing,
  "runs": [$results]
}
JSON
echo "total: $total_acked acknowledged events, $total_missing missing"
[ "$total_missing" -eq 0 ]
