#!/usr/bin/env bash
# Page weight and speed of the dashboard and the report (issue 12, "Prove it"; not part of CI):
#   1. the dashboard's own code: web/dist/ui index.html + app.<hash>.js + app.<hash>.css, bytes and gzip bytes
#      (target: under 300 KB uncompressed);
#   2. a 64-node, 24-hour job (bench sample; energy every BENCH_ENERGY_INTERVAL s, never committed) through
#      `analyze --report`: the report's size, and its time to interactive in headless Chromium with the network
#      refused (scripts/bench/ui-tti.mjs, playwright-core installed into BENCH_DIR with npm; target under 1 s).
#   scripts/bench-ui.sh
# Environment: BENCH_NODES (64) BENCH_HOURS (24) BENCH_ENERGY_INTERVAL (1) BENCH_REPEATS (5)
#              BENCH_DIR (.state/bench-ui) CHROMIUM (/usr/bin/chromium)
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 MSBUILDDISABLENODEREUSE=1
nodes=${BENCH_NODES:-64}
hours=${BENCH_HOURS:-24}
interval=${BENCH_ENERGY_INTERVAL:-1}
repeats=${BENCH_REPEATS:-5}
dir=${BENCH_DIR:-$repo/.state/bench-ui}
playwright=1.65.1
mkdir -p "$dir"
command -v "${CHROMIUM:-chromium}" >/dev/null || { echo "bench-ui: Chromium not found (Debian: apt-get install chromium; or set CHROMIUM)" >&2; exit 2; }

echo "==> building web/ and Bench.Functions (Release)"
dotnet build Bench.Functions/Bench.Functions.csproj -c Release --disable-build-servers -nologo -v quiet -clp:NoSummary
bench=(dotnet "$repo/Bench.Functions/bin/Release/net10.0/Bench.Functions.dll")

index=web/dist/ui/index.html
js=web/dist/ui/$(grep -o 'app\.[A-Z0-9]*\.js' "$index")
css=web/dist/ui/$(grep -o 'app\.[A-Z0-9]*\.css' "$index")
own=$(cat "$index" "$js" "$css" | wc -c)
own_gz=$(cat "$index" "$js" "$css" | gzip -9 | wc -c)
echo "==> dashboard's own code: $own bytes ($own_gz gzip): $(wc -c < "$index") index.html, $(wc -c < "$js") $(basename "$js"), $(wc -c < "$css") $(basename "$css")"

profile="$dir/job_64n.h5"
if [[ ! -f $profile ]]; then
  echo "==> generating $nodes nodes x $hours h, energy every $interval s: $profile"
  "${bench[@]}" sample "$profile" --nodes "$nodes" --hours "$hours" --energy-interval "$interval" --task-interval 60 --no-io
fi
report="$dir/report.html"
start=$(date +%s.%N)
"${bench[@]}" analyze "$profile" --report "$report" --price fixed:90 --no-progress >/dev/null
echo "==> analyze --report: $(echo "$(date +%s.%N) - $start" | bc) s, $(wc -c < "$report") bytes"

if [[ ! -d $dir/node_modules/playwright-core ]]; then
  echo "==> installing playwright-core $playwright into $dir (npm; the browser is the system Chromium)"
  (cd "$dir" && npm install --no-save --no-audit --no-fund --ignore-scripts --loglevel=error "playwright-core@$playwright")
fi
cp scripts/bench/ui-tti.mjs "$dir/ui-tti.mjs"
echo "==> time to interactive of the report, network refused, $repeats runs"
(cd "$dir" && node ui-tti.mjs "$report" "$repeats")
