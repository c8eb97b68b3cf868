#!/usr/bin/env bash
# Sets up and runs the whole test suite: installs what is missing, starts PostgreSQL, RabbitMQ and
# Swift (S3) on loopback with fresh data, builds the solution, runs `dotnet test`, stops the servers.
#   scripts/test.sh [extra dotnet test arguments, e.g. --filter FullyQualifiedName~Energy]
# Environment: BENCH_TEST_PORT_BASE (default 25400; ports BASE..BASE+9), BENCH_TEST_STATE_DIR.
# Ends with a line 'tests: N passed, N failed' and exits with dotnet test's code.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"
services="$repo/scripts/services.sh"
export BENCH_TEST_STATE_DIR=${BENCH_TEST_STATE_DIR:-$repo/.state/test-services}
# dotnet keeps its NuGet cache under HOME; CI may start us with a bare environment.
: "${HOME:=$(getent passwd "$(id -u)" | cut -d: -f6)}"
export HOME
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
# No MSBuild nodes or compiler servers outliving the run (they would also hold CI's output pipe open).
export MSBUILDDISABLENODEREUSE=1
configuration=Debug

now() { echo "$EPOCHREALTIME"; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f s", b - a }'; }
run_start=$(now)
stage_start=$run_start
stage_name=""
stage() {
  finish_stage
  stage_name=$1
  stage_start=$(now)
  echo
  echo "==> $stage_name"
}
finish_stage() {
  if [[ -n $stage_name ]]; then
    echo "<== $stage_name: $(elapsed "$stage_start")"
    stage_name=""
  fi
}

servers_started=""
summary=""
# shellcheck disable=SC2317 # called through the trap
on_exit() {
  local rc=$?
  trap - EXIT INT TERM
  set +e
  finish_stage
  if [[ -n $servers_started ]]; then
    if [[ $rc -ne 0 ]]; then
      echo
      echo "==> failed (exit $rc): server status and log tails"
      bash "$services" status
      BENCH_TEST_LOG_LINES=25 bash "$services" logs
    fi
    echo
    echo "==> stopping test servers"
    bash "$services" stop
  fi
  echo
  echo "total: $(elapsed "$run_start")"
  [[ -n $summary ]] && echo "$summary"
  exit "$rc"
}
trap on_exit EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

stage "setup: packages (scripts/setup.sh --test)"
bash "$repo/scripts/setup.sh" --test

stage "servers: fresh state, launch (RabbitMQ and Swift boot in the background)"
servers_started=1
bash "$services" clean
bash "$services" launch all

# Builds the worker (Bench.Functions/bin/<configuration>/net10.0: the folder the stand-in Functions host
# launches, with functions.metadata and worker.config.json), the host (Bench.Functions.Tests/tools) and the tests.
stage "build: dotnet build Bench.Functions.sln -c $configuration (worker, stand-in host, tests)"
dotnet build Bench.Functions.sln -c "$configuration" --disable-build-servers -nologo -clp:NoSummary

stage "servers: wait until RabbitMQ and Swift answer"
bash "$services" wait all
# shellcheck disable=SC1091
source "$BENCH_TEST_STATE_DIR/env"

stage "tests: dotnet test Bench.Functions.sln"
results="$BENCH_TEST_STATE_DIR/test-results"
output="$results/dotnet-test.log"
mkdir -p "$results"
test_rc=0
dotnet test Bench.Functions.sln -c "$configuration" --no-build --disable-build-servers \
  --results-directory "$results" --logger "trx;LogFilePrefix=bench" \
  --blame-hang-timeout 10m "$@" 2>&1 | tee "$output" || test_rc=${PIPESTATUS[0]}

# dotnet test prints one 'Passed!  - Failed: F, Passed: P, Skipped: S, Total: T' line per test assembly.
read -r passed failed skipped < <(
  sed -nE 's/.*(Passed|Failed)! +- Failed: +([0-9]+), Passed: +([0-9]+), Skipped: +([0-9]+).*/\3 \2 \4/p' "$output" |
    awk '{p += $1; f += $2; s += $3; n++} END {if (n) print p, f, s; else print "", "", ""}'
)
if [[ -n ${passed:-} ]]; then
  summary="tests: $passed passed, $failed failed"
  ((skipped > 0)) && summary+=", $skipped skipped"
else
  summary="tests: dotnet test printed no summary (exit $test_rc); see $output"
  ((test_rc != 0)) || test_rc=1
fi
exit "$test_rc"
