#!/usr/bin/env bash
# Freshness: how fast writes show in recommendations, measured from a second process (ServerLoad) on
# loopback against `affinity serve --data synthetic:small` (SQLite store, arms itemknn and ials, the
# background updater running every 15 s with incremental ials updates).
#  - event: a new user has one click; a second click on a random item outside their top 10 is posted,
#    and the recommendations are polled until they change (time from the POST to the changed answer);
#  - item: a new item carrying the content (title, text, genres) of the user's current top item is PUT,
#    and the user's top 10 is polled until it contains the new item (no refit in between is needed:
#    new items are placed by content among warm items on insert).
#
#   affinity-bench/run-freshness.sh [ROUNDS=50]
# Writes affinity-bench/results/freshness.json.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
ROUNDS="${1:-50}"
KEY="freshness-bench-key"
PORT=18700
JAR="$ROOT/affinity-cli/target/affinity.jar"
"$ROOT/affinity" --version >/dev/null
WORK="$(mktemp -d /tmp/affinity-fresh.XXXXXX)"
SERVER_PID=""
cleanup() {
  [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null
  rm -rf "$WORK"
}
trap cleanup EXIT
javac -d "$WORK/client" "$ROOT/affinity-bench/src/main/java/ai/affinity/bench/ServerLoad.java"
export PYTORCH_VERSION=2.7.1 PYTORCH_FLAVOR=cpu
SERVE="serve --data synthetic:small --store $WORK/fresh.db --port $PORT --models itemknn,ials --api-key $KEY --refit-seconds 15"
java -Dai.djl.offline=true -Xmx2g -jar "$JAR" $SERVE >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 1200); do
  curl -sf "http://127.0.0.1:$PORT/health" >/dev/null 2>&1 && break
  kill -0 "$SERVER_PID" 2>/dev/null || { cat "$WORK/server.log" >&2; exit 1; }
  sleep 0.1
done
URL="http://127.0.0.1:$PORT"
load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
knn=$(java -cp "$WORK/client" ai.affinity.bench.ServerLoad freshness "$URL" "$KEY" "$ROUNDS" 1 itemknn)
echo "itemknn: $knn"
ials=$(java -cp "$WORK/client" ai.affinity.bench.ServerLoad freshness "$URL" "$KEY" "$ROUNDS" 2 ials)
echo "ials: $ials"
load_after="$(cut -d' ' -f1-3 /proc/loadavg)"
health=$(curl -sf "$URL/health")
mkdir -p "$ROOT/affinity-bench/results"
cat >"$ROOT/affinity-bench/results/freshness.json" <<JSON
{
  "command": "affinity-bench/run-freshness.sh $ROUNDS",
  "server": "affinity $SERVE",
  "what": "event: ms from POST /v1/events (a click on an item outside the user's top 10) to the first GET /v1/users/{id}/recommendations?k=10 that differs; item: ms from PUT /v1/items/{new id} (content of the user's top item) to the first top 10 that contains it. Client polls back to back from a second process on loopback; times include the write's durable commit.",
  "seed": "client seeds 1 (itemknn) and 2 (ials); server --seed 42",
  "date": "$(date -u +%Y-%m-%dT%H:%M:%SZ)",
  "machine": {"cores": $(nproc), "java": "$(java -version 2>&1 | head -1 | sed 's/"/\\"/g')", "loadavg_before": "$load_before", "loadavg_after": "$load_after"},
  "itemknn": $knn,
  "ials": $ials,
  "health_at_end": $health
}
JSON
cat "$ROOT/affinity-bench/results/freshness.json"
