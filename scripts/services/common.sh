# Shared by scripts/services.sh and its per-server parts: paths, ports, credentials, process helpers.
# Sourced, not run.

REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
SERVICES_SCRIPT="$REPO_ROOT/scripts/services.sh"

STATE_DIR=${BENCH_TEST_STATE_DIR:-$REPO_ROOT/.state/test-services}
mkdir -p "$STATE_DIR"
STATE_DIR=$(cd "$STATE_DIR" && pwd)
RUN_DIR="$STATE_DIR/run"
LOG_DIR="$STATE_DIR/logs"
ENV_FILE="$STATE_DIR/env"
CREDENTIALS_FILE="$STATE_DIR/credentials"
mkdir -p "$RUN_DIR" "$LOG_DIR"

die() { echo "services.sh: $*" >&2; exit 1; }
say() { echo "services.sh: $*"; }

# --- ports -----------------------------------------------------------------------------------------
# A later command (e.g. a test calling 'restart rabbitmq') must find the ports the first 'start' used.
if [[ -z ${BENCH_TEST_PORT_BASE:-} && -f "$STATE_DIR/port-base" ]]; then
  BENCH_TEST_PORT_BASE=$(<"$STATE_DIR/port-base")
fi
PORT_BASE=${BENCH_TEST_PORT_BASE:-25400}
[[ $PORT_BASE =~ ^[0-9]+$ ]] || die "BENCH_TEST_PORT_BASE='$PORT_BASE' is not a number"
# Linux hands out 32768-60999 to clients; staying below it avoids colliding with an outgoing connection.
((PORT_BASE >= 1024 && PORT_BASE + 9 < 32768)) ||
  die "BENCH_TEST_PORT_BASE=$PORT_BASE: the ports used are BASE..BASE+9 and must lie in 1024-32767"

# shellcheck disable=SC2034 # used by the per-server files
{
  PG_PORT=$PORT_BASE
  AMQP_PORT=$((PORT_BASE + 1))
  RABBIT_DIST_PORT=$((PORT_BASE + 2))
  EPMD_PORT=$((PORT_BASE + 3))
  S3_PORT=$((PORT_BASE + 4))
  SWIFT_ACCOUNT_PORT=$((PORT_BASE + 5))
  SWIFT_CONTAINER_PORT=$((PORT_BASE + 6))
  SWIFT_OBJECT_PORT=$((PORT_BASE + 7))
  # Nothing listens on these two: Swift's memcache client and syslog fallback get a port of ours, so no
  # other process's memcached or syslog sees this test cluster's traffic.
  SWIFT_MEMCACHE_PORT=$((PORT_BASE + 8))
  SWIFT_SYSLOG_UDP_PORT=$((PORT_BASE + 9))
}

remember_port_base() { echo "$PORT_BASE" >"$STATE_DIR/port-base"; }

# Fails loudly, naming the port and the process that holds it.
require_port_free() {
  local port=$1 what=$2 holder line
  holder=$(ss -Hltnp "sport = :$port" 2>/dev/null || true)
  if [[ -n $holder ]]; then
    echo "services.sh: port $port (for $what) is already in use:" >&2
    while IFS= read -r line; do echo "  $line" >&2; done <<<"$holder"
    echo "  Stop that process or pick other ports with BENCH_TEST_PORT_BASE (now $PORT_BASE)." >&2
    exit 1
  fi
}

# --- credentials -----------------------------------------------------------------------------------
random_secret() { od -An -tx1 -N"${1:-16}" /dev/urandom | tr -d ' \n'; }

# Generated once per state dir and kept with the data, so a restart on the same data dir still logs in.
load_credentials() {
  if [[ ! -s $CREDENTIALS_FILE ]]; then
    (
      umask 077
      cat >"$CREDENTIALS_FILE.tmp" <<CREDS
PG_USER=bench
PG_DB=bench
PG_PASSWORD=$(random_secret 16)
RABBIT_USER=bench
RABBIT_PASSWORD=$(random_secret 16)
RABBIT_COOKIE=$(random_secret 20)
S3_ACCESS_KEY=test:tester
S3_SECRET_KEY=$(random_secret 16)
SWIFT_HASH_SUFFIX=$(random_secret 8)
CREDS
      mv "$CREDENTIALS_FILE.tmp" "$CREDENTIALS_FILE"
    )
  fi
  # shellcheck disable=SC1090
  source "$CREDENTIALS_FILE"
}

# export NAME='value', quoted for the shell and still plain to read.
export_line() { printf "export %s='%s'\n" "$1" "${2//\'/\'\\\'\'}"; }

write_env_file() {
  local tmp="$ENV_FILE.tmp"
  (
    umask 077
    {
      echo "# Written by scripts/services.sh; 'source' it to reach the test servers."
      export_line BENCH_TEST_STATE_DIR "$STATE_DIR"
      export_line BENCH_TEST_PORT_BASE "$PORT_BASE"
      export_line BENCH_TEST_SERVICES "$SERVICES_SCRIPT"
      export_line BENCH_TEST_POSTGRES \
        "Host=127.0.0.1;Port=$PG_PORT;Username=$PG_USER;Password=$PG_PASSWORD;Database=$PG_DB"
      export_line BENCH_TEST_POSTGRES_HOST 127.0.0.1
      export_line BENCH_TEST_POSTGRES_PORT "$PG_PORT"
      export_line BENCH_TEST_POSTGRES_DB "$PG_DB"
      export_line BENCH_TEST_POSTGRES_USER "$PG_USER"
      export_line BENCH_TEST_POSTGRES_PASSWORD "$PG_PASSWORD"
      export_line BENCH_TEST_AMQP "amqp://$RABBIT_USER:$RABBIT_PASSWORD@127.0.0.1:$AMQP_PORT/"
      export_line BENCH_TEST_S3_ENDPOINT "http://127.0.0.1:$S3_PORT"
      export_line BENCH_TEST_S3_ACCESS_KEY "$S3_ACCESS_KEY"
      export_line BENCH_TEST_S3_SECRET_KEY "$S3_SECRET_KEY"
      export_line BENCH_TEST_S3_REGION us-east-1
    } >"$tmp"
  )
  mv "$tmp" "$ENV_FILE"
}

# --- processes -------------------------------------------------------------------------------------
# A PID file counts only if that process is alive and its command line contains a marker of ours (a
# path in the state dir, a port), so a stale file never makes us signal someone else's process.
owned_pid() {
  local pidfile=$1 marker=$2 pid
  [[ -s $pidfile ]] || return 1
  pid=$(head -n1 "$pidfile")
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$marker" || return 1
  echo "$pid"
}

# True while the process spawned into a pidfile lives. Right after spawn the child may not have exec'd
# yet (its cmdline is still this shell's, without the marker; seen under load): alive counts then too.
spawned_alive() {
  local pidfile=$1 marker=$2 pid
  owned_pid "$pidfile" "$marker" >/dev/null && return 0
  [[ -s $pidfile ]] || return 1
  pid=$(head -n1 "$pidfile")
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  # Alive without the marker: still this shell's fork before exec, or a zombie of ours.
  [[ $(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null) != Z ]]
}

# Starts a long-running command detached from this shell (own session, no stdin), logging to a file.
spawn() {
  local pidfile=$1 logfile=$2
  shift 2
  setsid "$@" </dev/null >>"$logfile" 2>&1 9>&- &
  echo $! >"$pidfile"
}

# SIGTERM to all, then SIGKILL to those still there after a grace period; waits until all are gone.
stop_pids() {
  local name=$1 grace=$2 pid i alive
  shift 2
  kill -TERM "$@" 2>/dev/null || true
  for ((i = 0; i < grace * 10; i++)); do
    alive=()
    for pid in "$@"; do kill -0 "$pid" 2>/dev/null && alive+=("$pid"); done
    [[ ${#alive[@]} -eq 0 ]] && return 0
    sleep 0.1
  done
  echo "services.sh: $name (pid ${alive[*]}) ignored SIGTERM for ${grace}s; killing it" >&2
  kill -KILL "${alive[@]}" 2>/dev/null || true
  for ((i = 0; i < 50; i++)); do
    alive=()
    for pid in "$@"; do kill -0 "$pid" 2>/dev/null && alive+=("$pid"); done
    [[ ${#alive[@]} -eq 0 ]] && return 0
    sleep 0.1
  done
}

stop_pid() { stop_pids "$2" "${3:-30}" "$1"; }

# Polls a check command until it succeeds, the deadline passes, or a watched process dies.
wait_until() {
  local what=$1 seconds=$2 watch_pidfile=$3 watch_marker=$4
  shift 4
  local deadline=$((SECONDS + seconds))
  until "$@" >/dev/null 2>&1; do
    if [[ -n $watch_pidfile ]] && ! spawned_alive "$watch_pidfile" "$watch_marker"; then
      echo "services.sh: $what exited while starting" >&2
      return 1
    fi
    if ((SECONDS >= deadline)); then
      echo "services.sh: $what was not ready after ${seconds}s" >&2
      return 1
    fi
    sleep 0.2
  done
}

# Prints the end of a server log, for a failed start or a failed test run.
show_log_tail() {
  local file=$1 lines=${2:-40}
  [[ -f $file ]] || return 0
  echo "----- last $lines lines of $file -----" >&2
  tail -n "$lines" "$file" >&2
  echo "-----" >&2
}
