#!/usr/bin/env bash
# Load benchmark of the HTTP functions: a Release build of the worker under the stand-in Functions host
# (scripts/functions-host.sh) on loopback, against the test PostgreSQL and S3 servers, driven by wrk at
# 64 connections. Prints requests/s and p50/p99 latency for healthz (a trivial function: the floor of
# the host -> gRPC -> worker path), presign upload, list, refresh, login and (when named in
# BENCH_API_ROUTES) minio-webhook (the same object again: MinIO's duplicates) and minio-webhook-new
# (a new object per request: record, publish, mark published) (median of REPEATS runs),
# then PBKDF2 hashes/s. The real Functions host's own overhead is not measured here.
#
#   scripts/bench-api.sh                       # servers from scripts/services.sh (started if needed)
#   BENCH_API_SECONDS=10 BENCH_API_REPEATS=3 BENCH_API_CONNECTIONS=64 BENCH_API_WARMUP_SECONDS=5 scripts/bench-api.sh
#   BENCH_API_ROUTES="healthz presign-upload minio-webhook minio-webhook-new refresh" BENCH_API_CONNECTIONS=16 scripts/bench-api.sh
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
seconds=${BENCH_API_SECONDS:-10}
repeats=${BENCH_API_REPEATS:-3}
warmup=${BENCH_API_WARMUP_SECONDS:-5}
connections=${BENCH_API_CONNECTIONS:-64}
threads=${BENCH_API_THREADS:-2}
port=${BENCH_API_PORT:-27180}
work=$(mktemp -d /tmp/bench-api.XXXXXX)
app_pid=""
database="bench_api_$(date +%s)_$$"

say() { echo "bench-api: $*" >&2; }
die() { say "$*"; exit 1; }

if ! command -v wrk > /dev/null; then
  [[ $EUID -eq 0 ]] || die "wrk is not installed (apt-get install -y wrk)"
  say "installing wrk from Debian"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk > /dev/null || die "apt-get install wrk failed"
fi
command -v psql > /dev/null || die "psql is not installed (apt-get install -y postgresql-client)"

# Test servers: reuse the environment when it is set, else start them with scripts/services.sh
# (and stop them again at the end).
started_servers=""
if [[ -z ${BENCH_TEST_POSTGRES_HOST:-} || -z ${BENCH_TEST_S3_ENDPOINT:-} || -z ${BENCH_TEST_AMQP:-} ]]; then
  [[ -f $repo/scripts/services.sh ]] || die "BENCH_TEST_* not set and scripts/services.sh missing"
  started_servers=1
  bash "$repo/scripts/services.sh" start postgres >&2
  bash "$repo/scripts/services.sh" start swift >&2
  bash "$repo/scripts/services.sh" start rabbitmq >&2
  # shellcheck disable=SC1091
  source "${BENCH_TEST_STATE_DIR:-$repo/.state/test-services}/env"
fi

if (exec 3<> "/dev/tcp/127.0.0.1/$port") 2> /dev/null; then die "port $port is taken (set BENCH_API_PORT)"; fi

export PGPASSWORD=$BENCH_TEST_POSTGRES_PASSWORD
psql_admin() { psql -X -q -h "$BENCH_TEST_POSTGRES_HOST" -p "$BENCH_TEST_POSTGRES_PORT" -U "$BENCH_TEST_POSTGRES_USER" -d "$BENCH_TEST_POSTGRES_DB" -v ON_ERROR_STOP=1 "$@"; }

# The run's queues hold every job the webhook routes published (tens of thousands with minio-webhook-new,
# no consumer here): delete them, best effort, with the node's own rabbitmqctl (scripts/services.sh's node
# name, epmd port and cookie); a broker started some other way keeps them.
delete_queues() {
  local state=${BENCH_TEST_STATE_DIR:-$repo/.state/test-services} base=${BENCH_TEST_PORT_BASE:-}
  [[ -n ${BENCH_ANALYSIS_QUEUE:-} && -n $base && -d $state/rabbitmq/home && -x /usr/lib/rabbitmq/bin/rabbitmqctl ]] || return 0
  local queue
  for queue in "$BENCH_ANALYSIS_QUEUE" "$BENCH_ANALYSIS_QUEUE.dead"; do
    timeout 30 env HOME="$state/rabbitmq/home" ERL_EPMD_PORT=$((base + 3)) ERL_EPMD_ADDRESS=127.0.0.1 \
      /usr/lib/rabbitmq/bin/rabbitmqctl -q -n "bench$((base + 1))@localhost" delete_queue "$queue" > /dev/null 2>&1 \
      || say "could not delete queue $queue (delete it by hand)"
  done
}

cleanup() {
  if [[ -n $app_pid ]]; then kill "$app_pid" 2> /dev/null || true; wait "$app_pid" 2> /dev/null || true; fi
  if [[ -n ${BENCH_API_KEEP:-} ]]; then
    say "kept $work, database $database and queue ${BENCH_ANALYSIS_QUEUE:-} (drop them when done)"
  else
    psql_admin -c "DROP DATABASE IF EXISTS \"$database\" WITH (FORCE)" > /dev/null 2>&1 || true
    delete_queues
    rm -rf "$work"
  fi
  if [[ -n $started_servers ]]; then
    bash "$repo/scripts/services.sh" stop postgres >&2 || true
    bash "$repo/scripts/services.sh" stop swift >&2 || true
    bash "$repo/scripts/services.sh" stop rabbitmq >&2 || true
  fi
}
trap cleanup EXIT

# The app runs as under `func start`: the worker under the stand-in Functions host (scripts/functions-host.sh).
export BENCH_FUNCTIONS_HOST_DIR=${BENCH_FUNCTIONS_HOST_DIR:-$work/functions-host}
say "building Release (worker and stand-in host) into $BENCH_FUNCTIONS_HOST_DIR"
app_dir=$(bash "$repo/scripts/functions-host.sh" --build-only) || die "build failed"

psql_admin -c "CREATE DATABASE \"$database\"" > /dev/null

export JWT_SECRET
JWT_SECRET=$(head -c 48 /dev/urandom | base64 -w0)
export POSTGRES_HOST=$BENCH_TEST_POSTGRES_HOST POSTGRES_PORT=$BENCH_TEST_POSTGRES_PORT POSTGRES_DB=$database \
  POSTGRES_USER=$BENCH_TEST_POSTGRES_USER POSTGRES_PASSWORD=$BENCH_TEST_POSTGRES_PASSWORD
export MINIO_ENDPOINT=$BENCH_TEST_S3_ENDPOINT MINIO_ACCESS_KEY=$BENCH_TEST_S3_ACCESS_KEY \
  MINIO_SECRET_KEY=$BENCH_TEST_S3_SECRET_KEY MINIO_BUCKET=bench-api-$$ BENCH_S3_REGION=${BENCH_TEST_S3_REGION:-us-east-1} \
  BENCH_CREATE_BUCKET=true
# The webhook route records jobs in PostgreSQL and publishes to this queue; no consumer runs here
# (as in the API Deployment), so the benchmark measures the webhook alone.
export BENCH_ANALYSIS_CONSUMER=false
export RabbitMQConnection=$BENCH_TEST_AMQP BENCH_ANALYSIS_QUEUE=bench-api-$$.analysis MINIO_WEBHOOK_TOKEN
MINIO_WEBHOOK_TOKEN=$(head -c 24 /dev/urandom | base64 -w0)
# The benchmark measures throughput, not the limiter: lift the per-address and per-username limits.
export BENCH_AUTH_RATE_LIMIT_PER_ADDRESS=100000000 BENCH_AUTH_RATE_LIMIT_PER_USERNAME=100000000
# Request logging at Warning: one console line per request would measure the terminal.
export Logging__LogLevel__Default=Warning

bash "$repo/scripts/functions-host.sh" --port "$port" --no-build > "$work/app.log" 2>&1 &
app_pid=$!
base="http://127.0.0.1:$port"
# /healthz turns 200 once the host has loaded every function; /readyz is the app's own check.
for _ in $(seq 1 300); do
  curl -fs "$base/healthz" > /dev/null 2>&1 && curl -fs "$base/readyz" > /dev/null 2>&1 && break
  kill -0 "$app_pid" 2> /dev/null || { cat "$work/app.log" >&2; die "the app exited"; }
  sleep 0.2
done
curl -fs "$base/readyz" > /dev/null || { cat "$work/app.log" >&2; die "the app is not ready"; }

json_field() { python3 -c "import json,sys; print(json.load(sys.stdin)['$1'])"; }

export BENCH_USER="bench$$" BENCH_PASSWORD="bench-password-$$"
tokens=$(curl -fs -X POST "$base/auth/register" -H 'Content-Type: application/json' \
  -d "{\"username\":\"$BENCH_USER\",\"password\":\"$BENCH_PASSWORD\"}")
export BENCH_ACCESS
BENCH_ACCESS=$(json_field access <<< "$tokens")

# Twenty objects so that a listing has something to page through.
for i in $(seq -w 1 20); do
  url=$(curl -fs -X POST "$base/storage/presign/upload?object_name=seed-$i.h5" -H "Authorization: Bearer $BENCH_ACCESS" | json_field url)
  head -c 4096 /dev/urandom | curl -fs -X PUT --data-binary @- "$url" > /dev/null
done

# One live refresh token per connection, fresh for every run: a run rotates them all, and
# presenting a rotated token again would revoke its family (each login costs one PBKDF2 hash).
# wrk calls request() once per thread before any connection sends, so every thread gets spares.
refresh_tokens=$((connections + 4 * threads))
export BENCH_REFRESH_FILE=$work/refresh.txt BENCH_REFRESH_PER_THREAD=$(((refresh_tokens + threads - 1) / threads))
fresh_refresh_tokens() {
  : > "$BENCH_REFRESH_FILE"
  for _ in $(seq 1 "$refresh_tokens"); do
    curl -fs -X POST "$base/auth/login" -H 'Content-Type: application/json' \
      -d "{\"username\":\"$BENCH_USER\",\"password\":\"$BENCH_PASSWORD\"}" | json_field refresh >> "$BENCH_REFRESH_FILE"
  done
}

# wrk's latency lines look like "     50%    1.23ms"; normalise to milliseconds.
to_ms() {
  awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n += 0; else if (v ~ /m$/) n *= 60000; else if (v ~ /s$/) n *= 1000; printf "%.2f", n }'
}
median() { sort -g | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

run_route() {
  local name=$1 script=$2 prepare=${3:-}
  local rps=() p50=() p99=() errors=0
  # An unrecorded warm-up first: the worker's tiered JIT is still compiling a fresh route's code
  # (the S3 SDK's, the JWT handler's) for seconds, which a short run would count against it.
  if ((warmup > 0)); then
    [[ -n $prepare ]] && $prepare
    wrk -t "$threads" -c "$connections" -d "${warmup}s" --timeout 30s -s "$repo/scripts/bench-api/$script" "$base" > /dev/null 2> "$work/$name-warmup.err"
  fi
  for r in $(seq 1 "$repeats"); do
    [[ -n $prepare ]] && $prepare
    local out
    out=$(wrk -t "$threads" -c "$connections" -d "${seconds}s" --timeout 30s --latency -s "$repo/scripts/bench-api/$script" "$base" 2> "$work/$name-$r.err")
    echo "$out" > "$work/$name-$r.out"
    rps+=("$(awk '/^Requests\/sec:/ { print $2 }' <<< "$out")")
    p50+=("$(to_ms "$(awk '$1 == "50%" { print $2 }' <<< "$out")")")
    p99+=("$(to_ms "$(awk '$1 == "99%" { print $2 }' <<< "$out")")")
    local bad
    bad=$(awk '/Non-2xx or 3xx responses:/ { print $NF }' <<< "$out")
    errors=$((errors + ${bad:-0}))
  done
  printf '%-16s %12s %10s %10s %8s\n' "$name" \
    "$(printf '%s\n' "${rps[@]}" | median)" "$(printf '%s\n' "${p50[@]}" | median)" "$(printf '%s\n' "${p99[@]}" | median)" "$errors"
  say "$name runs: req/s ${rps[*]}"
}

echo
echo "HTTP functions: $connections connections, $threads wrk threads, ${seconds}s per run, median of $repeats runs after a ${warmup}s warm-up ($(nproc) cores shared with PostgreSQL and Swift)"
printf '%-16s %12s %10s %10s %8s\n' "route" "requests/s" "p50 ms" "p99 ms" "non-2xx"
routes=${BENCH_API_ROUTES:-healthz presign-upload list refresh login}
for route in $routes; do
  case $route in
    healthz) run_route "healthz (floor)" healthz.lua ;;
    presign-upload) run_route "presign upload" presign-upload.lua ;;
    list) run_route "list" list.lua ;;
    refresh) run_route "refresh" refresh.lua fresh_refresh_tokens ;;
    login) run_route "login" login.lua ;;
    minio-webhook) run_route "minio webhook" minio-webhook.lua ;;
    minio-webhook-new) run_route "webhook (new)" minio-webhook-new.lua ;;
    *) die "unknown route '$route' in BENCH_API_ROUTES" ;;
  esac
done
echo
"$app_dir/Bench.Functions" bench-auth --seconds 5
