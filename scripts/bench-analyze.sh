#!/usr/bin/env bash
# Analysis benchmark (issue 9, "Prove it"): generates a large synthetic profile (default 64 nodes, 24 h,
# energy every 1 s, 16 tasks per node every 10 s; never committed), then runs, ALTERNATING, each mode in
# its own process, BENCH_REPEATS times:
#   read       plain PureHDF read of every series (raw rows, the floor)
#   analyze    `analyze` figures only (no sink: the Energy series alone)
#   timelines  every series read and every node timeline built, into a sink that only counts them
#   duckdb     `analyze --db` (every series, every timeline into DuckDB)
#   h5py       scripts/bench/h5py_energy.py: h5py + numpy, each node's Energy integrated over EpochTime
# and prints (`bench benchmark summary`, Markdown) medians, min-max, CPU s, rows/s, peak RSS, the ratios
# against the issue's targets, and analyze's energy against the h5py script's. Not part of CI.
#   scripts/bench-analyze.sh
# Environment: BENCH_NODES (64) BENCH_HOURS (24) BENCH_TASKS (16) BENCH_REPEATS (5) BENCH_DIR (.state/bench)
#              BENCH_MODES ("read analyze timelines duckdb h5py")
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"
: "${HOME:=$(getent passwd "$(id -u)" | cut -d: -f6)}"
export HOME DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 MSBUILDDISABLENODEREUSE=1
nodes=${BENCH_NODES:-64}
hours=${BENCH_HOURS:-24}
tasks=${BENCH_TASKS:-16}
repeats=${BENCH_REPEATS:-5}
modes=${BENCH_MODES:-read analyze timelines duckdb h5py}
dir=${BENCH_DIR:-$repo/.state/bench}
mkdir -p "$dir"

# The comparison a user would write instead: Debian's h5py + numpy, run by the system Python.
python=/usr/bin/python3
if [[ " $modes " == *" h5py "* ]] && ! "$python" -c 'import h5py, numpy' 2>/dev/null; then
  echo "==> installing python3-h5py (apt)"
  sudo=(); [[ $(id -u) == 0 ]] || sudo=(sudo)
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq python3-h5py python3-numpy
fi

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
# Every mode then reads from the page cache, so the first one is not charged for the disk.
cat "$profile" >/dev/null

# Wall time, CPU time and max RSS of the whole process (startup included, as a user waits), added to the
# mode's own JSON line; the summary's ratios use the process wall time.
measure() {
  /usr/bin/time -o "$dir/time.txt" -f '%e %U %S %M' "$@" >"$dir/line.json"
  local wall user sys rss
  read -r wall user sys rss <"$dir/time.txt"
  sed "s/}\$/, \"process_seconds\": $wall, \"process_cpu_seconds\": $(awk "BEGIN{print $user+$sys}"), \"process_max_rss_mb\": $(awk "BEGIN{printf \"%.1f\", $rss/1024}")}/" "$dir/line.json"
}

runs="$dir/runs-$(date +%Y%m%d-%H%M%S).jsonl"
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
for ((i = 1; i <= repeats; i++)); do
  for mode in $modes; do
    case $mode in
      read | analyze | timelines) measure "${bench[@]}" benchmark "$mode" "$profile" ;;
      duckdb) rm -f "$dir/bench.duckdb" "$dir/bench.duckdb.wal"
              measure "${bench[@]}" benchmark analyze "$profile" --db "$dir/bench.duckdb" ;;
      h5py) measure "$python" scripts/bench/h5py_energy.py "$profile" ;;
      *) echo "unknown mode '$mode' in BENCH_MODES" >&2; exit 2 ;;
    esac | tee -a "$runs"
  done
done
echo
"${bench[@]}" benchmark summary "$runs"
echo
echo "(profile: $nodes nodes x $hours h, $(stat -c %s "$profile") bytes; $repeats repeats alternating; machine: $(nproc) cores," \
  "load average $load_before before, $(cut -d' ' -f1-3 /proc/loadavg) after; runs in $runs)"
