#!/usr/bin/env bash
# The main job, for a new user on a fresh Debian machine: installs what Bench needs, builds it, analyses
# the bundled sample profile into an embedded DuckDB file and prints the report.
#   scripts/run-sample.sh [extra analyze options, e.g. --json]
# Environment: BENCH_RESULTS (default ./results.duckdb).
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"
: "${HOME:=$(getent passwd "$(id -u)" | cut -d: -f6)}"
export HOME DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 MSBUILDDISABLENODEREUSE=1

echo "==> checking the .NET SDK and npm (the build bundles the API docs viewer and the dashboard; HDF5 is read by PureHDF and DuckDB comes with its NuGet package: nothing native to install)"
bash scripts/setup.sh --runtime

echo "==> building (Release)"
dotnet build Bench.Functions/Bench.Functions.csproj -c Release --disable-build-servers -nologo -v quiet -clp:NoSummary

results=${BENCH_RESULTS:-$repo/results.duckdb}
report=${BENCH_REPORT:-$repo/report.html}
bench=(dotnet "$repo/Bench.Functions/bin/Release/net10.0/Bench.Functions.dll")

echo "==> analysing samples/job_20251.h5 into $results"
"${bench[@]}" analyze samples/job_20251.h5 --db "$results" --report "$report" \
  --price csv:samples/prices-2024-03-04.csv --carbon fixed:380 "$@"

echo
echo "==> what landed in $results"
"${bench[@]}" query "$results" \
  "SELECT table_name, nodes, round(energy_to_solution_j / 3.6e6, 3) AS kwh, round(cost_eur, 4) AS eur, round(co2_g) AS co2_g FROM job_summaries ORDER BY analyzed_at DESC"
echo
echo "The job's page (plots, no network needed): $report"
echo "Query it yourself:  dotnet Bench.Functions/bin/Release/net10.0/Bench.Functions.dll query $results \"SELECT node, max(power_w) FROM job_job_20251 GROUP BY node\""
