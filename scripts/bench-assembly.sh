#!/usr/bin/env bash
# Benchmark of Slurm job assembly (not in CI): JOBS jobs of FILES node-step files each (sample --layout
# node-step), PUT to S3, then every MinIO-shaped event posted in one burst to a Release worker under the
# stand-in Functions host (scripts/functions-host.sh) with its analysis consumer. Measures the time from
# the first event until every job is final (done, figures over all its files) and the assemblies run per
# job (slurm_job_assemblies), against the target of at most 2 per job.
#
#   scripts/bench-assembly.sh
#   BENCH_ASSEMBLY_JOBS=50 BENCH_ASSEMBLY_NODES=5 BENCH_ASSEMBLY_DELAY=5 BENCH_ASSEMBLY_PREFETCH=2 scripts/bench-assembly.sh
#
# Servers: the test ones from the BENCH_TEST_* environment (source /work/shared-servers/env or
# scripts/services.sh's env); this script starts none.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
jobs=${BENCH_ASSEMBLY_JOBS:-50}
nodes=${BENCH_ASSEMBLY_NODES:-5}
delay=${BENCH_ASSEMBLY_DELAY:-5}
prefetch=${BENCH_ASSEMBLY_PREFETCH:-2}
port=${BENCH_ASSEMBLY_PORT:-27181}
timeout=${BENCH_ASSEMBLY_TIMEOUT:-1800}
work=$(mktemp -d /tmp/bench-assembly.XXXXXX)
app_pid=""
database="bench_assembly_$(date +%s)_$$"
user="bench$$"

say() { echo "bench-assembly: $*" >&2; }
die() { say "$*"; exit 1; }

[[ -n ${BENCH_TEST_POSTGRES_HOST:-} && -n ${BENCH_TEST_S3_ENDPOINT:-} && -n ${BENCH_TEST_AMQP:-} ]] ||
  die "set the BENCH_TEST_* server environment first (e.g. set -a; source /work/shared-servers/env; set +a)"
command -v psql > /dev/null || die "psql is not installed (apt-get install -y postgresql-client)"
if (exec 3<> "/dev/tcp/127.0.0.1/$port") 2> /dev/null; then die "port $port is taken (set BENCH_ASSEMBLY_PORT)"; fi

export PGPASSWORD=$BENCH_TEST_POSTGRES_PASSWORD
psql_admin() { psql -X -q -h "$BENCH_TEST_POSTGRES_HOST" -p "$BENCH_TEST_POSTGRES_PORT" -U "$BENCH_TEST_POSTGRES_USER" -d "$BENCH_TEST_POSTGRES_DB" -v ON_ERROR_STOP=1 "$@"; }
psql_bench() { psql -X -q -At -h "$BENCH_TEST_POSTGRES_HOST" -p "$BENCH_TEST_POSTGRES_PORT" -U "$BENCH_TEST_POSTGRES_USER" -d "$database" -v ON_ERROR_STOP=1 "$@"; }

cleanup() {
  if [[ -n $app_pid ]]; then kill "$app_pid" 2> /dev/null || true; wait "$app_pid" 2> /dev/null || true; fi
  psql_admin -c "DROP DATABASE IF EXISTS \"$database\" WITH (FORCE)" > /dev/null 2>&1 || true
  [[ -n ${BENCH_ASSEMBLY_KEEP:-} ]] && say "kept $work" || rm -rf "$work"
}
trap cleanup EXIT

export BENCH_FUNCTIONS_HOST_DIR=${BENCH_FUNCTIONS_HOST_DIR:-$work/functions-host}
say "building Release (worker and stand-in host) into $BENCH_FUNCTIONS_HOST_DIR"
app_dir=$(bash "$repo/scripts/functions-host.sh" --build-only) || die "build failed"

# One job's node-step files (the files hold no job id: copies under other names are other jobs).
"$app_dir/Bench.Functions" sample "$work/template" --layout node-step --nodes "$nodes" --steps 0,1 --job-id 1 \
  --hours 0.25 --energy-interval 2 --no-io > /dev/null
files_per_job=$(find "$work/template" -name '*.h5' | wc -l)
say "$jobs jobs x $files_per_job node-step files = $((jobs * files_per_job)) uploads"

psql_admin -c "CREATE DATABASE \"$database\"" > /dev/null
export JWT_SECRET
JWT_SECRET=$(head -c 48 /dev/urandom | base64 -w0)
export POSTGRES_HOST=$BENCH_TEST_POSTGRES_HOST POSTGRES_PORT=$BENCH_TEST_POSTGRES_PORT POSTGRES_DB=$database \
  POSTGRES_USER=$BENCH_TEST_POSTGRES_USER POSTGRES_PASSWORD=$BENCH_TEST_POSTGRES_PASSWORD
export MINIO_ENDPOINT=$BENCH_TEST_S3_ENDPOINT MINIO_ACCESS_KEY=$BENCH_TEST_S3_ACCESS_KEY \
  MINIO_SECRET_KEY=$BENCH_TEST_S3_SECRET_KEY MINIO_BUCKET=bench-assembly-$$ BENCH_S3_REGION=${BENCH_TEST_S3_REGION:-us-east-1} \
  BENCH_CREATE_BUCKET=true
export RabbitMQConnection=$BENCH_TEST_AMQP BENCH_ANALYSIS_QUEUE=bench-assembly-$$.analysis MINIO_WEBHOOK_TOKEN
MINIO_WEBHOOK_TOKEN=$(head -c 24 /dev/urandom | base64 -w0)
export BENCH_ANALYSIS_CONSUMER=true BENCH_ANALYSIS_PREFETCH=$prefetch BENCH_ASSEMBLY_DELAY_SECONDS=$delay \
  BENCH_ASSEMBLY_CACHE_DIR=$work/cache BENCH_TEMP_DIR=$work BENCH_SWEEP_SECONDS=10
export BENCH_AUTH_RATE_LIMIT_PER_ADDRESS=100000000 BENCH_AUTH_RATE_LIMIT_PER_USERNAME=100000000
export Logging__LogLevel__Default=Warning

bash "$repo/scripts/functions-host.sh" --port "$port" --no-build > "$work/app.log" 2>&1 &
app_pid=$!
base="http://127.0.0.1:$port"
for _ in $(seq 1 300); do
  curl -fs "$base/readyz" > /dev/null 2>&1 && break
  kill -0 "$app_pid" 2> /dev/null || { cat "$work/app.log" >&2; die "the app exited"; }
  sleep 0.2
done
curl -fs "$base/readyz" > /dev/null || { cat "$work/app.log" >&2; die "the app is not ready"; }

json_field() { python3 -c "import json,sys; print(json.load(sys.stdin)['$1'])"; }
access=$(curl -fs -X POST "$base/auth/register" -H 'Content-Type: application/json' \
  -d "{\"username\":\"$user\",\"password\":\"bench-password-$$\"}" | json_field access)

# Upload every file as the client does (presign, PUT; 8 at a time); note key, ETag and size for the events.
python3 - "$base" "$access" "$jobs" "$work/template" "$work/objects.tsv" << 'PY'
import json, os, sys, urllib.parse, urllib.request
from concurrent.futures import ThreadPoolExecutor
base, access, jobs, template, out = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5]
files = sorted(f for f in os.listdir(template) if f.endswith(".h5"))
def upload(item):
    job, name = item
    jobid = 9000000 + job
    # 1_0_cn001.h5 -> bench/job_9000001/9000001_0_cn001.h5 (node-step files hold no job id: the name is the job)
    object_name = f"bench/job_{jobid}/{jobid}{name[name.index('_'):]}"
    request = urllib.request.Request(f"{base}/storage/presign/upload?object_name={urllib.parse.quote(object_name)}", b"", {"Authorization": f"Bearer {access}"})
    with urllib.request.urlopen(request) as response:
        presign = json.load(response)
    with open(os.path.join(template, name), "rb") as f:
        body = f.read()
    put = urllib.request.Request(presign["url"], body, method="PUT")
    with urllib.request.urlopen(put) as response:
        etag = response.headers["ETag"].strip('"')
    return f"{presign['key']}\t{etag}\t{len(body)}\n"
with ThreadPoolExecutor(8) as pool, open(out, "w") as f:
    f.writelines(pool.map(upload, [(j, n) for j in range(1, jobs + 1) for n in files]))
PY
say "uploaded $(wc -l < "$work/objects.tsv") objects"

# The burst: every event at once (16 in flight), as MinIO delivers a directory's uploads.
start=$(date +%s.%N)
python3 - "$base" "$MINIO_WEBHOOK_TOKEN" "$MINIO_BUCKET" "$work/objects.tsv" << 'PY'
import json, sys, urllib.parse, urllib.request
from concurrent.futures import ThreadPoolExecutor
base, token, bucket, objects = sys.argv[1:5]
def post(line):
    key, etag, size = line.rstrip("\n").split("\t")
    body = {"EventName": "s3:ObjectCreated:Put", "Key": f"{bucket}/{key}", "Records": [{
        "eventVersion": "2.0", "eventSource": "minio:s3", "eventName": "s3:ObjectCreated:Put",
        "s3": {"bucket": {"name": bucket}, "object": {"key": urllib.parse.quote_plus(key), "size": int(size), "eTag": etag}}}]}
    request = urllib.request.Request(f"{base}/minio-event", json.dumps(body).encode(), {"Content-Type": "application/json", "Authorization": f"Bearer {token}"})
    with urllib.request.urlopen(request) as response:
        assert response.status == 200, response.status
with open(objects) as f, ThreadPoolExecutor(16) as pool:
    list(pool.map(post, f.readlines()))
PY
posted=$(date +%s.%N)
say "posted every event in $(awk -v a="$start" -v b="$posted" 'BEGIN { printf "%.1f", b - a }') s; waiting for $jobs final jobs"

final_sql="SELECT count(*) FROM slurm_job_status WHERE state = 'done' AND analyzed_generation = generation AND generation = $files_per_job"
deadline=$(($(date +%s) + timeout))
while :; do
  final=$(psql_bench -c "$final_sql" 2> /dev/null || echo 0)
  [[ $final -ge $jobs ]] && break
  (($(date +%s) < deadline)) || die "only $final of $jobs jobs final after ${timeout}s"
  kill -0 "$app_pid" 2> /dev/null || { tail -50 "$work/app.log" >&2; die "the app exited"; }
  sleep 0.5
done
done_at=$(date +%s.%N)
uploads_done=$(psql_bench -c "SELECT extract(epoch FROM max(finished_at) - min(created_at)) FROM analysis_jobs")
stats=$(psql_bench -F ' ' -c "SELECT count(*), sum(analyses), max(analyses), (SELECT count(*) FROM slurm_job_assemblies), (SELECT count(*) FROM slurm_job_assemblies WHERE outcome = 'done') FROM slurm_job_status")
read -r njobs analyses max_analyses runs runs_done <<< "$stats"
energy_ok=$(psql_bench -c "SELECT count(DISTINCT round(energy_to_solution_j::numeric, 3)) FROM slurm_jobs")

echo
echo "Slurm job assembly: $jobs jobs x $files_per_job node-step files ($((jobs * files_per_job)) uploads), settle delay ${delay}s, prefetch $prefetch, $(nproc) cores shared with PostgreSQL, RabbitMQ and Swift"
printf '%-44s %s\n' "first event to all jobs final (s)" "$(awk -v a="$start" -v b="$done_at" 'BEGIN { printf "%.1f", b - a }')"
printf '%-44s %.1f\n' "first upload recorded to last upload analysed (s)" "$uploads_done"
printf '%-44s %s\n' "jobs" "$njobs"
printf '%-44s %s (%.2f per job, max %s; target <= 2)\n' "assemblies committed (sum of analyses)" "$analyses" "$(awk -v a="$analyses" -v j="$njobs" 'BEGIN { print a / j }')" "$max_analyses"
printf '%-44s %s (%s done)\n' "assembly runs (slurm_job_assemblies)" "$runs" "$runs_done"
printf '%-44s %s\n' "distinct job energies (identical jobs: 1)" "$energy_ok"
