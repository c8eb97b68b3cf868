#!/usr/bin/env bash
# Load benchmark of the job pipeline: a Release build of the worker under the stand-in Functions host
# (scripts/functions-host.sh), one instance per role, on loopback against the test
# PostgreSQL, RabbitMQ and Swift s3api servers (scripts/services.sh).
#  1. burst: N uploads of one generated profile (through presigned URLs), N MinIO events posted at once,
#     time until every job succeeded, with 1 and then 2 analysis instances (BENCH_ANALYSIS_CONSUMER, HTTP functions disabled);
#  2. webhook: MinIO events for new object versions from 32 connections for S seconds, no consumer:
#     events/s and latency (each event: token check, parse, INSERT, commit, publish with confirm).
# Driver: build/tools/pipeline-load.cs. Knobs: BENCH_PIPELINE_JOBS (200), BENCH_PIPELINE_WORKERS ("1 2"),
# BENCH_PIPELINE_SAMPLE ("--nodes 4 --hours 1": arguments of `sample`), BENCH_PIPELINE_WEBHOOK_SECONDS (10),
# BENCH_PIPELINE_WEBHOOK_CONNECTIONS (32), BENCH_PIPELINE_PORT (27280; the next 3 ports too), BENCH_PIPELINE_KEEP.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
jobs=${BENCH_PIPELINE_JOBS:-200}
worker_counts=${BENCH_PIPELINE_WORKERS:-"1 2"}
sample_args=${BENCH_PIPELINE_SAMPLE:-"--nodes 4 --hours 1"}
webhook_seconds=${BENCH_PIPELINE_WEBHOOK_SECONDS:-10}
webhook_connections=${BENCH_PIPELINE_WEBHOOK_CONNECTIONS:-32}
port=${BENCH_PIPELINE_PORT:-27280}
work=$(mktemp -d /tmp/bench-pipeline.XXXXXX)
pids=()
databases=()
queues=()

say() { echo "bench-pipeline: $*" >&2; }
die() { say "$*"; exit 1; }

command -v psql > /dev/null || die "psql is not installed (apt-get install -y postgresql-client)"

started_servers=""
if [[ -z ${BENCH_TEST_POSTGRES_HOST:-} || -z ${BENCH_TEST_S3_ENDPOINT:-} || -z ${BENCH_TEST_AMQP:-} ]]; then
  started_servers=1
  bash "$repo/scripts/services.sh" start >&2
  # shellcheck disable=SC1091
  source "${BENCH_TEST_STATE_DIR:-$repo/.state/test-services}/env"
fi

for p in $port $((port + 1)) $((port + 2)) $((port + 3)); do
  if (exec 3<> "/dev/tcp/127.0.0.1/$p") 2> /dev/null; then die "port $p is taken (set BENCH_PIPELINE_PORT)"; fi
done

export PGPASSWORD=$BENCH_TEST_POSTGRES_PASSWORD
psql_admin() { psql -X -q -h "$BENCH_TEST_POSTGRES_HOST" -p "$BENCH_TEST_POSTGRES_PORT" -U "$BENCH_TEST_POSTGRES_USER" -d "$BENCH_TEST_POSTGRES_DB" -v ON_ERROR_STOP=1 "$@"; }
load() { dotnet run -c Release --no-launch-profile "$repo/build/tools/pipeline-load.cs" -- "$@"; }

stop_apps() {
  local pid
  for pid in "${pids[@]}"; do kill "$pid" 2> /dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2> /dev/null || true; done
  pids=()
}

cleanup() {
  stop_apps
  local db queue
  for db in "${databases[@]}"; do psql_admin -c "DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)" > /dev/null 2>&1 || true; done
  for queue in "${queues[@]}"; do load drop-queue --amqp "$BENCH_TEST_AMQP" --queue "$queue" > /dev/null 2>&1 || true; done
  [[ -n ${BENCH_PIPELINE_KEEP:-} ]] && say "kept $work" || rm -rf "$work"
  if [[ -n $started_servers ]]; then bash "$repo/scripts/services.sh" stop >&2 || true; fi
}
trap cleanup EXIT

# The app runs as under `func start`: the worker under the stand-in Functions host (scripts/functions-host.sh).
export BENCH_FUNCTIONS_HOST_DIR=${BENCH_FUNCTIONS_HOST_DIR:-$work/functions-host}
say "building Release (worker and stand-in host) into $BENCH_FUNCTIONS_HOST_DIR, and the load driver"
app_dir=$(bash "$repo/scripts/functions-host.sh" --build-only) || die "build failed"
dotnet build -c Release "$repo/build/tools/pipeline-load.cs" > "$work/driver.log" 2>&1 || { cat "$work/driver.log" >&2; die "the load driver does not build"; }

# shellcheck disable=SC2086 # the sample arguments are words on purpose
"$app_dir/Bench.Functions" sample "$work/profile.h5" $sample_args > "$work/sample.log"
say "profile: $(cat "$work/sample.log")"

export JWT_SECRET MINIO_WEBHOOK_TOKEN
JWT_SECRET=$(head -c 48 /dev/urandom | base64 -w0)
MINIO_WEBHOOK_TOKEN=$(head -c 24 /dev/urandom | base64 -w0)
export POSTGRES_HOST=$BENCH_TEST_POSTGRES_HOST POSTGRES_PORT=$BENCH_TEST_POSTGRES_PORT \
  POSTGRES_USER=$BENCH_TEST_POSTGRES_USER POSTGRES_PASSWORD=$BENCH_TEST_POSTGRES_PASSWORD
export MINIO_ENDPOINT=$BENCH_TEST_S3_ENDPOINT MINIO_ACCESS_KEY=$BENCH_TEST_S3_ACCESS_KEY \
  MINIO_SECRET_KEY=$BENCH_TEST_S3_SECRET_KEY BENCH_S3_REGION=${BENCH_TEST_S3_REGION:-us-east-1} BENCH_CREATE_BUCKET=true
export RabbitMQConnection=$BENCH_TEST_AMQP
export BENCH_AUTH_RATE_LIMIT_PER_ADDRESS=100000000 BENCH_AUTH_RATE_LIMIT_PER_USERNAME=100000000
# One console line per request and per job would measure the terminal.
export Logging__LogLevel__Default=${BENCH_PIPELINE_LOG_LEVEL:-Warning}

# A fresh database, bucket and queue for one measurement.
fresh() {
  local name=$1
  export POSTGRES_DB="bench_pipe_${name}_$$" MINIO_BUCKET="bench-pipe-${name}-$$" BENCH_ANALYSIS_QUEUE="bench-pipe-${name}-$$.analysis"
  databases+=("$POSTGRES_DB")
  queues+=("$BENCH_ANALYSIS_QUEUE")
  psql_admin -c "CREATE DATABASE \"$POSTGRES_DB\"" > /dev/null
}

# The functions an analysis-only instance keeps (as keda/'s analysis Deployment): the rest are switched
# off the Functions way, AzureWebJobs__<Name>__Disabled (the host reads the __ form from the environment).
analysis_keeps="Healthz Readyz Metrics"
role_settings() {
  case $1 in
    api) echo "BENCH_ANALYSIS_CONSUMER=false" ;;
    analysis)
      echo "BENCH_ANALYSIS_CONSUMER=true"
      python3 -c 'import json,sys; [print(f["name"]) for f in json.load(open(sys.argv[1]))]' "$app_dir/functions.metadata" |
        while read -r name; do [[ " $analysis_keeps " == *" $name "* ]] || echo "AzureWebJobs__${name}__Disabled=true"; done
      ;;
  esac
}

start_app() {
  local role=$1 app_port=$2
  local -a settings
  mapfile -t settings < <(role_settings "$role")
  env "${settings[@]}" bash "$repo/scripts/functions-host.sh" --port "$app_port" --no-build > "$work/$role-$app_port.log" 2>&1 &
  pids+=($!)
  local pid=$!
  for _ in $(seq 1 300); do
    curl -fs "http://127.0.0.1:$app_port/healthz" > /dev/null 2>&1 && curl -fs "http://127.0.0.1:$app_port/readyz" > /dev/null 2>&1 && return 0
    kill -0 "$pid" 2> /dev/null || { cat "$work/$role-$app_port.log" >&2; die "the $role instance exited"; }
    sleep 0.2
  done
  cat "$work/$role-$app_port.log" >&2
  die "the $role instance is not ready"
}

connection_string() { echo "Host=$POSTGRES_HOST;Port=$POSTGRES_PORT;Username=$POSTGRES_USER;Password=$POSTGRES_PASSWORD;Database=$POSTGRES_DB"; }

echo
echo "Pipeline: $jobs uploads of $(du -h "$work/profile.h5" | cut -f1) ($sample_args) announced in one burst ($(nproc) cores shared with PostgreSQL, RabbitMQ, Swift and the driver)"
for workers in $worker_counts; do
  fresh "w$workers"
  start_app api "$port"
  for w in $(seq 1 "$workers"); do start_app analysis $((port + w)); done
  say "$workers analysis process(es): uploading $jobs objects, then the burst"
  printf '%d analysis process(es): ' "$workers"
  load burst --base "http://127.0.0.1:$port" --token "$MINIO_WEBHOOK_TOKEN" --bucket "$MINIO_BUCKET" \
    --db "$(connection_string)" --file "$work/profile.h5" --jobs "$jobs" --workers "$workers"
  stop_apps
done

fresh webhook
start_app api "$port"
say "webhook: $webhook_connections connections for ${webhook_seconds}s, no consumer"
load webhook --base "http://127.0.0.1:$port" --token "$MINIO_WEBHOOK_TOKEN" --bucket "$MINIO_BUCKET" \
  --db "$(connection_string)" --seconds "$webhook_seconds" --parallel "$webhook_connections"
stop_apps
