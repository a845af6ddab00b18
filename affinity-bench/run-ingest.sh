#!/usr/bin/env bash
# Durable ingestion throughput: start `affinity serve` on an SQLite file (WAL, synchronous=FULL) or a
# throw-away PostgreSQL cluster (.ci/postgres.sh), post batches of click events with unique client event
# ids from a second process (ServerLoad, CONNECTIONS keep-alive connections) for SECONDS after a 3 s
# warm-up, and report the events per second acknowledged (HTTP 200 = committed). Then check that the
# store holds exactly the acknowledged events (the server's count and a direct SQL count).
#
#   affinity-bench/run-ingest.sh sqlite|postgres [SECONDS=20] [BATCH=500] [CONNECTIONS=4]
# Writes affinity-bench/results/ingest-{sqlite,postgres}.json.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
KIND="${1:?usage: run-ingest.sh sqlite|postgres [SECONDS] [BATCH] [CONNECTIONS]}"
SECONDS_RUN="${2:-20}"
BATCH="${3:-500}"
CONNS="${4:-4}"
KEY="ingest-bench-key"
PORT=18600
JAR="$ROOT/affinity-cli/target/affinity.jar"
"$ROOT/affinity" --version >/dev/null   # builds the CLI when sources changed
WORK="$(mktemp -d /tmp/affinity-ingest.XXXXXX)"
SERVER_PID=""
cleanup() {
  [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null
  [ "$KIND" = postgres ] && stop_postgres
  rm -rf "$WORK"
}
trap cleanup EXIT
javac -d "$WORK/client" "$ROOT/affinity-bench/src/main/java/ai/affinity/bench/ServerLoad.java"

case "$KIND" in
  sqlite) STORE="$WORK/ingest.db" ;;
  postgres)
    # shellcheck source=../.ci/postgres.sh
    . "$ROOT/.ci/postgres.sh"
    start_postgres
    STORE="$AFFINITY_TEST_POSTGRES" ;;
  *) echo "unknown store kind $KIND (sqlite or postgres)" >&2; exit 2 ;;
esac

export PYTORCH_VERSION=2.7.1 PYTORCH_FLAVOR=cpu
java -Dai.djl.offline=true -Xmx1g -jar "$JAR" serve --data synthetic:tiny --store "$STORE" --port "$PORT" \
    --models pop --api-key "$KEY" --refit-seconds 0 >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 600); do
  curl -sf "http://127.0.0.1:$PORT/health" >/dev/null 2>&1 && break
  kill -0 "$SERVER_PID" 2>/dev/null || { cat "$WORK/server.log" >&2; exit 1; }
  sleep 0.1
done

URL="http://127.0.0.1:$PORT"
RUN="r$(date +%s)"
warm=$(java -cp "$WORK/client" ai.affinity.bench.ServerLoad ingest "$URL" "$KEY" 3 "$BATCH" "$CONNS" 10000 1000 "$RUN-warm")
load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
result=$(java -cp "$WORK/client" ai.affinity.bench.ServerLoad ingest "$URL" "$KEY" "$SECONDS_RUN" "$BATCH" "$CONNS" 10000 1000 "$RUN")
load_after="$(cut -d' ' -f1-3 /proc/loadavg)"
echo "measured: $result"
acked=$(( $(echo "$warm" | sed -n 's/.*"events_acknowledged": \([0-9]*\).*/\1/p') + $(echo "$result" | sed -n 's/.*"events_acknowledged": \([0-9]*\).*/\1/p') ))
served=$(curl -sf "$URL/v1/dashboard" | sed -n 's/.*"events":\([0-9]*\).*/\1/p')
kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=""
direct="n/a"
if [ "$KIND" = sqlite ] && command -v sqlite3 >/dev/null; then
  direct=$(sqlite3 "$STORE" "SELECT COUNT(*) FROM events")
elif [ "$KIND" = postgres ]; then
  direct=$("${PG_RUN[@]}" "$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U affinity -d affinity_test -tAc "SELECT COUNT(*) FROM events")
fi
echo "acknowledged (warm-up + measured): $acked; store count via server: $served; direct SQL count: $direct"
verified=false
if [ "$acked" = "$served" ] && { [ "$direct" = n/a ] || [ "$direct" = "$acked" ]; }; then verified=true; fi

mkdir -p "$ROOT/affinity-bench/results"
cat >"$ROOT/affinity-bench/results/ingest-$KIND.json" <<JSON
{
  "command": "affinity-bench/run-ingest.sh $KIND $SECONDS_RUN $BATCH $CONNS",
  "what": "durable ingestion: POST /v1/events batches of $BATCH click events with unique client event ids from $CONNS connections of a second process on loopback for $SECONDS_RUN s after a 3 s warm-up; an event counts when its batch got HTTP 200 (committed: SQLite WAL synchronous=FULL / PostgreSQL synchronous_commit=on)",
  "store": "$KIND",
  "date": "$(date -u +%Y-%m-%dT%H:%M:%SZ)",
  "machine": {"cores": $(nproc), "java": "$(java -version 2>&1 | head -1 | sed 's/"/\\"/g')", "loadavg_before": "$load_before", "loadavg_after": "$load_after"},
  "result": $result,
  "verification": {"acknowledged_including_warmup": $acked, "store_count_via_server": ${served:-0}, "direct_sql_count": "$direct", "all_acknowledged_stored": $verified}
}
JSON
cat "$ROOT/affinity-bench/results/ingest-$KIND.json"
[ "$verified" = true ]
