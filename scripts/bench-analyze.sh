#!/usr/bin/env bash
# Analysis benchmark: generates a large synthetic profile (default 64 nodes, 24 h, energy every 1 s,
# 16 tasks per node every 10 s), then runs, alternating, in separate processes: a plain read of every
# dataset through PureHDF (the reader `analyze` uses), `analyze`, and `analyze` into DuckDB. Prints medians, rows/s, MB/s, peak RSS
# and the analyze / plain-read ratio measured in the same session.
#   scripts/bench-analyze.sh
# Environment: BENCH_NODES (64) BENCH_HOURS (24) BENCH_TASKS (16) BENCH_REPEATS (3) BENCH_DIR (.state/bench)
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"
: "${HOME:=$(getent passwd "$(id -u)" | cut -d: -f6)}"
export HOME DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 MSBUILDDISABLENODEREUSE=1
nodes=${BENCH_NODES:-64}
hours=${BENCH_HOURS:-24}
tasks=${BENCH_TASKS:-16}
repeats=${BENCH_REPEATS:-3}
dir=${BENCH_DIR:-$repo/.state/bench}
mkdir -p "$dir"

bash scripts/setup.sh --sample
dotnet build Bench.Functions/Bench.Functions.csproj -c Release --disable-build-servers -nologo -v quiet -clp:NoSummary
bench=(dotnet "$repo/Bench.Functions/bin/Release/net10.0/Bench.Functions.dll")

profile="$dir/profile-${nodes}n-${hours}h-${tasks}t.h5"
if [[ ! -f $profile ]]; then
  echo "==> generating $profile"
  "${bench[@]}" sample "$profile.tmp" --nodes "$nodes" --hours "$hours" --energy-interval 1 \
    --tasks-per-node "$tasks" --task-interval 10 --steps batch,0 --seed 1
  mv "$profile.tmp" "$profile"
fi
ls -l "$profile"

runs="$dir/runs-$(date +%Y%m%d-%H%M%S).jsonl"
for ((i = 1; i <= repeats; i++)); do
  for mode in read analyze duckdb; do
    case $mode in
      read) "${bench[@]}" benchmark read "$profile" ;;
      analyze) "${bench[@]}" benchmark analyze "$profile" ;;
      duckdb) rm -f "$dir/bench.duckdb" "$dir/bench.duckdb.wal"
              "${bench[@]}" benchmark analyze "$profile" --db "$dir/bench.duckdb" ;;
    esac | tee -a "$runs"
  done
done
echo
"${bench[@]}" benchmark summary "$runs"
echo "(machine: $(nproc) cores; runs in $runs)"
