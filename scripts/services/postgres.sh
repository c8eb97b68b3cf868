# PostgreSQL 15: a throwaway cluster in the state dir, scram-sha-256 auth, loopback only. Sourced.

PG_BIN=/usr/lib/postgresql/15/bin

# The server refuses to run as root and must reach its directory as 'postgres'. When the state dir
# sits under a path 'postgres' cannot enter (e.g. /root), or is too long for a unix socket path, the
# cluster lives in /tmp and the state dir links to it. Sets PG_HOME (physical path), PG_DATA, PG_LOG.
pg_paths() {
  local home="$STATE_DIR/postgres"
  if [[ ! -e $home ]]; then
    mkdir -p "$home"
    chown postgres:postgres "$home"
    chmod 700 "$home"
    if ! runuser -u postgres -- test -w "$home" || ((${#home} > 80)); then
      rmdir "$home"
      local alt
      alt="/tmp/bench-test-postgres-$(echo "$STATE_DIR" | md5sum | cut -c1-12)"
      mkdir -p "$alt"
      chown postgres:postgres "$alt"
      chmod 700 "$alt"
      ln -s "$alt" "$home"
    fi
  fi
  PG_HOME=$(cd "$home" && pwd -P)
  PG_DATA="$PG_HOME/data"
  PG_LOG="$PG_HOME/postgres.log"
  # One place to look for every server's log.
  [[ -L $LOG_DIR/postgres.log ]] || ln -sfn "$PG_LOG" "$LOG_DIR/postgres.log"
}

pg_as() { runuser -u postgres -- "$@"; }

pg_running() {
  pg_paths
  [[ -f $PG_DATA/postmaster.pid ]] && pg_as "$PG_BIN/pg_ctl" -D "$PG_DATA" status >/dev/null 2>&1
}

pg_init() {
  local data=$PG_DATA pwfile="$PG_HOME/pwfile"
  [[ -f $data/PG_VERSION ]] && return 0
  say "postgres: initdb into $data"
  (umask 077 && printf '%s\n' "$PG_PASSWORD" >"$pwfile")
  chown postgres:postgres "$pwfile"
  # No trust anywhere: the auth tests must mean something.
  # --no-sync: a throwaway cluster need not wait for the disk.
  pg_as "$PG_BIN/initdb" -D "$data" -U "$PG_USER" --pwfile="$pwfile" \
    --auth-host=scram-sha-256 --auth-local=scram-sha-256 \
    -E UTF8 --locale=C.UTF-8 --no-sync >>"$PG_LOG" 2>&1 || {
    rm -f "$pwfile"
    show_log_tail "$PG_LOG"
    die "postgres: initdb failed"
  }
  rm -f "$pwfile"
  echo "include_if_exists = 'bench-test.conf'" >>"$data/postgresql.conf"
}

pg_write_conf() {
  local home=$PG_HOME data=$PG_DATA
  mkdir -p "$home/run"
  chown postgres:postgres "$home/run"
  # Rewritten per start, so a new BENCH_TEST_PORT_BASE applies to an existing cluster.
  cat >"$data/bench-test.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $PG_PORT
unix_socket_directories = '$home/run'
max_connections = 200
password_encryption = 'scram-sha-256'
# Throwaway test cluster ONLY: trades crash safety for speed. Never in a production config.
fsync = off
synchronous_commit = off
full_page_writes = off
CONF
  chown postgres:postgres "$data/bench-test.conf"
}

pg_start() {
  if pg_running; then
    say "postgres: already running on 127.0.0.1:$PG_PORT"
    return 0
  fi
  require_port_free "$PG_PORT" postgres
  touch "$PG_LOG"
  chown postgres:postgres "$PG_LOG"
  pg_init
  pg_write_conf
  if ! pg_as "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$PG_LOG" -w -t 60 start >/dev/null 9>&-; then
    show_log_tail "$PG_LOG"
    die "postgres: pg_ctl start failed"
  fi
  if ! wait_until "postgres" 30 "" "" "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT"; then
    show_log_tail "$PG_LOG"
    die "postgres: not accepting connections on 127.0.0.1:$PG_PORT"
  fi
  # The database named in BENCH_TEST_POSTGRES; created once, kept across restarts.
  local exists
  exists=$(PGPASSWORD=$PG_PASSWORD "$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U "$PG_USER" -d postgres \
    -Atqc "SELECT 1 FROM pg_database WHERE datname = '$PG_DB'")
  if [[ $exists != 1 ]]; then
    PGPASSWORD=$PG_PASSWORD "$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U "$PG_USER" -d postgres \
      -qc "CREATE DATABASE \"$PG_DB\"" >/dev/null
  fi
  say "postgres: ready on 127.0.0.1:$PG_PORT (log $PG_LOG)"
}

pg_stop() {
  if ! pg_running; then
    say "postgres: not running"
    return 0
  fi
  # 'fast' rolls back open transactions and checkpoints: committed data survives the restart.
  pg_as "$PG_BIN/pg_ctl" -D "$PG_DATA" -m fast -w -t 60 stop >/dev/null
  say "postgres: stopped"
}

pg_status() {
  if pg_running; then
    echo "postgres: running on 127.0.0.1:$PG_PORT (data $PG_DATA)"
  else
    echo "postgres: stopped"
    return 1
  fi
}

pg_log_files() { pg_paths; echo "$PG_LOG"; }
