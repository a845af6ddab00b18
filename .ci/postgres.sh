# Throw-away PostgreSQL cluster for CI and benchmarks; source this file, then call start_postgres and
# (in an EXIT trap) stop_postgres. start_postgres installs Debian's postgresql when missing, starts a
# cluster on a free port from 55432 in a temporary directory (trust auth, user affinity, loopback
# only), creates database affinity_test and exports AFFINITY_TEST_POSTGRES as its JDBC URL (plus
# PG_BIN, PG_PORT and PG_RUN, the prefix that runs its client programs as the cluster's owner).
PG_DIR=""
PG_RUN=()
stop_postgres() {
  if [ -n "$PG_DIR" ] && [ -f "$PG_DIR/data/postmaster.pid" ]; then
    "${PG_RUN[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast -w stop >/dev/null 2>&1 || true
  fi
  if [ -n "$PG_DIR" ]; then rm -rf "$PG_DIR"; fi
  return 0
}

start_postgres() {
  if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
    command -v apt-get >/dev/null || { echo "postgres: no PostgreSQL and no apt-get" >&2; return 1; }
    echo "postgres: installing PostgreSQL (apt-get install -y postgresql)" >&2
    local SUDO=""
    [ "$(id -u)" = 0 ] || SUDO="sudo -n"
    $SUDO apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq postgresql >&2 || return 1
  fi
  PG_BIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
  PG_DIR="$(mktemp -d /tmp/affinity-ci-pg.XXXXXX)"
  if [ "$(id -u)" = 0 ]; then
    # PostgreSQL refuses to run as root.
    chown postgres "$PG_DIR"
    PG_RUN=(runuser -u postgres --)
  else
    PG_RUN=(env)
  fi
  local port=55432
  while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
  PG_PORT=$port
  "${PG_RUN[@]}" "$PG_BIN/initdb" -D "$PG_DIR/data" -A trust -U affinity -E UTF8 >/dev/null || return 1
  "${PG_RUN[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w \
      -o "-p $port -k $PG_DIR -c listen_addresses=127.0.0.1" start >/dev/null || { cat "$PG_DIR/server.log" >&2; return 1; }
  "${PG_RUN[@]}" "$PG_BIN/createdb" -h 127.0.0.1 -p "$port" -U affinity affinity_test || return 1
  export AFFINITY_TEST_POSTGRES="jdbc:postgresql://127.0.0.1:$port/affinity_test?user=affinity"
  echo "postgres: PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$port" >&2
}
