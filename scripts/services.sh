#!/usr/bin/env bash
# Starts, stops and reports the servers the integration tests talk to: PostgreSQL, RabbitMQ and Swift
# (S3 API), each bound to 127.0.0.1 on ports BENCH_TEST_PORT_BASE..+9, all state under
# BENCH_TEST_STATE_DIR (default <repo>/.state/test-services). 'start' writes <state>/env for the tests.
# shellcheck source-path=SCRIPTDIR
set -euo pipefail

usage() {
  cat >&2 <<'USAGE'
usage: scripts/services.sh COMMAND [postgres|rabbitmq|swift|all]
  start    start the server(s) and wait until each answers; writes <state>/env (default: all)
  launch   start without waiting for RabbitMQ and Swift to answer (PostgreSQL is waited for: ~1 s)
  wait     wait until the launched server(s) answer
  stop     stop the server(s) this state dir started (default: all)
  restart  stop then start one server on the same data (e.g. 'restart rabbitmq')
  status   say what runs; exit 1 if something asked for is not running
  logs     print the end of the server logs
  clean    stop everything and delete the state dir (data, logs, credentials)
environment: BENCH_TEST_PORT_BASE (default 25400), BENCH_TEST_STATE_DIR
USAGE
  exit 2
}

[[ $# -ge 1 && $# -le 2 ]] || usage
command=$1
target=${2:-all}
case $target in postgres | rabbitmq | swift | all) ;; *) echo "services.sh: unknown server '$target'" >&2; usage ;; esac

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$here/services/common.sh"
source "$here/services/postgres.sh"
source "$here/services/rabbitmq.sh"
source "$here/services/swift.sh"

[[ $EUID -eq 0 ]] || die "run as root (PostgreSQL runs as the 'postgres' user through runuser)"

# One services.sh at a time per state dir (a test may restart a server while another asks for status).
# Servers never inherit the lock: spawn and pg_ctl close fd 9.
exec 9>"$STATE_DIR/.lock"
flock -w 300 9 || die "another services.sh holds $STATE_DIR/.lock"

selected() { [[ $target == all || $target == "$1" ]]; }

# RabbitMQ boots slowest (5-13 s): launched first, waited for last.
launch() {
  remember_port_base
  load_credentials
  if selected rabbitmq; then rabbit_start; fi
  if selected swift; then swift_start; fi
  if selected postgres; then pg_start; fi
  write_env_file
  say "environment for the tests: $ENV_FILE"
}

wait_ready() {
  load_credentials
  if selected swift; then swift_wait; fi
  if selected rabbitmq; then rabbit_wait; fi
  return 0
}

start() {
  launch
  wait_ready
}

stop() {
  load_credentials
  if selected swift; then swift_stop; fi
  if selected rabbitmq; then rabbit_stop; fi
  if selected postgres; then pg_stop; fi
  return 0
}

status() {
  local rc=0
  if selected postgres; then pg_status || rc=1; fi
  if selected rabbitmq; then rabbit_status || rc=1; fi
  if selected swift; then swift_status || rc=1; fi
  return $rc
}

logs() {
  local f
  {
    if selected postgres; then pg_log_files; fi
    if selected rabbitmq; then rabbit_log_files; fi
    if selected swift; then swift_log_files; fi
  } | while read -r f; do show_log_tail "$f" "${BENCH_TEST_LOG_LINES:-40}" 2>&1; done
}

clean() {
  [[ $target == all ]] || die "clean takes no server name: it removes the whole state dir"
  stop
  local pg_link="$STATE_DIR/postgres"
  if [[ -L $pg_link ]]; then rm -rf "$(readlink -f "$pg_link")"; fi
  rm -rf "$STATE_DIR"
  say "removed $STATE_DIR"
}

case $command in
  start) start ;;
  launch) launch ;;
  wait) wait_ready ;;
  stop) stop ;;
  restart)
    [[ $target != all ]] || die "restart needs one server: postgres, rabbitmq or swift"
    stop
    start
    ;;
  status) status ;;
  logs) logs ;;
  clean) clean ;;
  *) usage ;;
esac
