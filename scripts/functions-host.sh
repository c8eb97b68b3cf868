#!/usr/bin/env bash
# Serves the function app as `func start` would, for local runs, benchmarks and clients, without
# Core Tools: builds the worker and the stand-in Functions host (Bench.Functions.Tests/tools, tests
# only, never in an image) in Release, then runs the worker under the host on 127.0.0.1:PORT with its
# app settings taken from this environment. HTTP functions, the timer (on its schedule) and the
# analysis consumer all run; /healthz answers 200 once every function is loaded. It starts no
# dependencies (PostgreSQL, RabbitMQ, S3 come from the settings); the worker migrates at start.
#
#   scripts/functions-host.sh --port 7071 [--no-build]
#   scripts/functions-host.sh --build-only      # build, print the app folder, exit (scripts use it)
#
# Runs until SIGTERM or Ctrl-C, which stop the worker too (SIGTERM, then SIGKILL after 30 s).
# Exit codes: 0 stopped on request, 1 build failed / the worker failed to start or died,
# 2 bad arguments, 3 the port is taken.
# BENCH_FUNCTIONS_HOST_DIR (default .state/functions-host) holds the Release builds.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
say() { echo "functions-host: $*" >&2; }
usage() { sed -n '2,16p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2; }

port=""
build=1
build_only=""
while [[ $# -gt 0 ]]; do
  case $1 in
    --port)
      [[ $# -ge 2 ]] || { say "--port needs a value"; exit 2; }
      port=$2
      shift 2
      ;;
    --no-build) build=""; shift ;;
    --build-only) build_only=1; shift ;;
    -h | --help) usage; exit 0 ;;
    *) say "unexpected argument '$1'"; usage; exit 2 ;;
  esac
done
if [[ -z $build_only ]] && { [[ ! $port =~ ^[0-9]+$ ]] || ((port < 1 || port > 65535)); }; then
  say "--port PORT (1-65535) is required"
  exit 2
fi

out=${BENCH_FUNCTIONS_HOST_DIR:-$repo/.state/functions-host}
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 MSBUILDDISABLENODEREUSE=1
if [[ -n $build ]]; then
  mkdir -p "$out"
  say "building the worker and the host (Release) into $out"
  for project in Bench.Functions/Bench.Functions.csproj:app Bench.Functions.Tests/tools/FunctionsHost/FunctionsHost.csproj:host; do
    if ! dotnet build "$repo/${project%%:*}" -c Release -o "$out/${project##*:}" --nologo -v quiet -clp:ErrorsOnly \
      > "$out/build-${project##*:}.log" 2>&1; then
      cat "$out/build-${project##*:}.log" >&2
      say "build of ${project%%:*} failed"
      exit 1
    fi
  done
fi
[[ -f $out/app/worker.config.json && -f $out/host/Bench.FunctionsHost.dll ]] \
  || { say "no build in $out: run without --no-build first"; exit 1; }
if [[ -n $build_only ]]; then
  echo "$out/app"
  exit 0
fi

# exec: SIGTERM reaches the host, which stops the worker before it exits.
exec dotnet "$out/host/Bench.FunctionsHost.dll" --port "$port" --app "$out/app"
