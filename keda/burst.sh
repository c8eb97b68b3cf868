#!/usr/bin/env bash
# Uploads COUNT copies of a Slurm profile through Bench's public API, the way a user does: register
# (or log in), ask for a presigned upload URL, PUT the file to MinIO. Each upload makes MinIO post an
# event to bench-webhook, each event queues one analysis, and KEDA scales bench-analysis on that queue.
#
#   keda/burst.sh API_URL [COUNT] [FILE]
#   keda/burst.sh http://bench.local 40                    # 40 copies of samples/job_20251.h5
#   BENCH_USER=alice BENCH_PASSWORD=... keda/burst.sh http://bench.local 10 job_4242.h5
#
# Needs curl and python3 (to read the JSON answers). Prints one line per upload.
set -euo pipefail

usage() { echo "usage: $0 API_URL [COUNT] [FILE]" >&2; exit 2; }
[[ $# -ge 1 && $# -le 3 ]] || usage
api=${1%/}
count=${2:-20}
file=${3:-$(dirname "${BASH_SOURCE[0]}")/../samples/job_20251.h5}
[[ $count =~ ^[1-9][0-9]*$ ]] || { echo "burst.sh: COUNT must be a positive integer (got '$count')" >&2; exit 2; }
[[ -f $file ]] || { echo "burst.sh: no such file: $file" >&2; exit 2; }
for tool in curl python3; do
  command -v "$tool" >/dev/null || { echo "burst.sh: $tool is not on PATH" >&2; exit 1; }
done

user=${BENCH_USER:-burst$(date +%s)}
password=${BENCH_PASSWORD:-$(head -c 12 /dev/urandom | od -An -vtx1 | tr -d ' \n')}
stem=$(basename "$file" .h5)

# field NAME < json: one string field of a JSON object
field() { python3 -c 'import json, sys; print(json.load(sys.stdin)[sys.argv[1]])' "$1"; }

body=$(mktemp)
trap 'rm -f "$body"' EXIT
credentials=$(python3 -c 'import json, sys; print(json.dumps({"username": sys.argv[1], "password": sys.argv[2]}))' "$user" "$password")
status=$(curl -sS -o "$body" -w '%{http_code}' -X POST "$api/auth/register" -H 'Content-Type: application/json' -d "$credentials")
if [[ $status == 409 ]]; then  # the user exists: log in instead
  status=$(curl -sS -o "$body" -w '%{http_code}' -X POST "$api/auth/login" -H 'Content-Type: application/json' -d "$credentials")
fi
if [[ $status != 200 && $status != 201 ]]; then
  echo "burst.sh: could not register or log in as $user at $api (HTTP $status): $(cat "$body")" >&2
  exit 1
fi
token=$(field access <"$body")

run=$(date +%Y%m%d%H%M%S)
for i in $(seq 1 "$count"); do
  name="${stem}-${run}-${i}.h5"
  url=$(curl -fsS -X POST -H "Authorization: Bearer $token" "$api/storage/presign/upload?object_name=$name" | field url)
  curl -fsS -X PUT --upload-file "$file" "$url" -o /dev/null
  echo "uploaded $user/$name"
done
