using System.Globalization;
using System.Text.Json;

namespace Bench.Functions.Cli;

/// <summary>
/// Medians and ratios of repeated <c>benchmark</c> runs (and the h5py script's runs), all measured in one
/// session, printed as Markdown so the figures paste into docs/benchmarks.md as they are.
/// </summary>
internal static class BenchmarkSummary
{
    /// <summary>DuckDB timeline rows/s before issue 9 (libhdf5 reader, hand-written appender), same method.</summary>
    private const double OldTimelineRowsPerSecond = 354_000;

    /// <param name="Seconds">The process's wall time when scripts/bench-analyze.sh measured it (startup included, as a user waits), else the in-process time.</param>
    /// <param name="InProcessSeconds">The time the mode measured itself, runtime or interpreter startup excluded.</param>
    private sealed record Run(string Mode, double Seconds, double InProcessSeconds, long Rows, long TimelineRows, double? CpuSeconds, double? EnergyJ, double PeakRssMb);

    public static int Print(string jsonLines)
    {
        var runs = File.ReadLines(jsonLines).Where(l => l.StartsWith('{')).Select(Parse).ToArray();
        var modes = runs.GroupBy(r => r.Mode).ToDictionary(g => g.Key, g => g.ToArray());
        Console.WriteLine("| mode | runs | median s | min-max s | in-process s | median CPU s | rows read | rows/s | peak RSS MB (max) |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var (mode, list) in modes)
        {
            var median = MedianSeconds(list);
            var cpu = list.All(r => r.CpuSeconds is not null) ? F(Median(list.Select(r => r.CpuSeconds!.Value)), "0.0") : "-";
            Console.WriteLine($"| {mode} | {list.Length} | {F(median, "0.00")} | {F(list.Min(r => r.Seconds), "0.00")}-{F(list.Max(r => r.Seconds), "0.00")} | " +
                $"{F(Median(list.Select(r => r.InProcessSeconds)), "0.00")} | {cpu} | {list[0].Rows:N0} | {F(list[0].Rows / median, "N0")} | {F(list.Max(r => r.PeakRssMb), "0")} |");
        }

        Console.WriteLine();
        modes.TryGetValue("read", out var read);
        modes.TryGetValue("analyze", out var analyze);
        modes.TryGetValue("analyze+duckdb", out var withDb);
        modes.TryGetValue("timelines", out var timelines);
        modes.TryGetValue("h5py", out var h5py);
        if (analyze is not null && h5py is not null)
        {
            Target("analyze / h5py script" + CpuRatio(analyze, h5py), MedianSeconds(analyze) / MedianSeconds(h5py), "x", "<= 1.00", r => r <= 1.0);
        }

        if (withDb is not null && read is not null)
        {
            Target("analyze --db / plain PureHDF read" + CpuRatio(withDb, read), MedianSeconds(withDb) / MedianSeconds(read), "x", "<= 1.30", r => r <= 1.3);
        }

        var bench = runs.Where(r => r.Mode != "h5py").ToArray();
        if (bench.Length > 0)
        {
            var peak = bench.Max(r => r.PeakRssMb);
            Target($"peak RSS of any Bench mode ({bench.MaxBy(r => r.PeakRssMb)!.Mode})", peak, " MB", "<= 400 MB", p => p <= 400);
        }

        if (withDb is not null)
        {
            var rows = withDb[0].TimelineRows;
            Console.WriteLine($"- analyze --db end to end: {rows:N0} timeline rows in {F(MedianSeconds(withDb), "0.00")} s = {F(rows / MedianSeconds(withDb), "N0")} timeline rows/s");
            if (timelines is not null)
            {
                // The old 354k was measured this way: rows over the time DuckDB adds to building every timeline.
                var extra = MedianSeconds(withDb) - MedianSeconds(timelines);
                if (extra > 0)
                {
                    var rate = rows / extra;
                    if (MedianCpu(withDb) - MedianCpu(timelines) is > 0 and var cpu)
                    {
                        Console.WriteLine($"- DuckDB's CPU share: {F(cpu, "0.0")} CPU-s over `timelines` = {F(rows / cpu, "N0")} timeline rows per CPU-s");
                    }

                    Target($"DuckDB timeline rows/s ({rows:N0} rows in {F(extra, "0.00")} s over `timelines`) vs the old {OldTimelineRowsPerSecond:N0}",
                        rate / OldTimelineRowsPerSecond, "x", ">= 1.30 (460,000 rows/s)", r => r >= 1.3);
                }
                else
                {
                    Console.WriteLine("- DuckDB writing added no measurable time over building the timelines");
                }
            }
        }

        EnergyEquality(analyze ?? withDb, h5py);
        return 0;
    }

    private static void EnergyEquality(Run[]? bench, Run[]? h5py)
    {
        var ours = bench?.Select(r => r.EnergyJ).FirstOrDefault(e => e is not null);
        var theirs = h5py?.Select(r => r.EnergyJ).FirstOrDefault(e => e is not null);
        if (ours is not { } a || theirs is not { } b)
        {
            return;
        }

        var relative = Math.Abs(a - b) / Math.Max(Math.Abs(b), double.Epsilon);
        Console.WriteLine($"- energy: analyze {a.ToString("R", CultureInfo.InvariantCulture)} J, h5py {b.ToString("R", CultureInfo.InvariantCulture)} J, " +
            $"relative difference {relative.ToString("0.0e+0", CultureInfo.InvariantCulture)} ({(relative <= 1e-9 ? "agree" : "DIFFER")} at 1e-9)");
    }

    /// <summary>The same ratio in CPU seconds: steadier than wall time when the machine is shared.</summary>
    private static string CpuRatio(Run[] a, Run[] b) =>
        MedianCpu(a) is > 0 and var x && MedianCpu(b) is > 0 and var y ? $" (wall time; in CPU time {F(x / y, "0.00")}x)" : " (wall time)";

    private static double MedianCpu(Run[] runs) => runs.All(r => r.CpuSeconds is not null) ? Median(runs.Select(r => r.CpuSeconds!.Value)) : double.NaN;

    private static void Target(string what, double value, string unit, string target, Func<double, bool> met) =>
        Console.WriteLine($"- {what}: {F(value, "0.00")}{unit} (target {target}: {(met(value) ? "met" : "MISSED")})");

    private static Run Parse(string line)
    {
        var e = JsonDocument.Parse(line).RootElement;
        var inProcess = e.GetProperty("seconds").GetDouble();
        return new Run(
            e.GetProperty("mode").GetString()!,
            Number(e, "process_seconds") ?? inProcess,
            inProcess,
            e.GetProperty("rows").GetInt64(),
            e.TryGetProperty("timeline_rows", out var t) ? t.GetInt64() : 0,
            Number(e, "process_cpu_seconds") ?? Number(e, "cpu_seconds"),
            Number(e, "energy_j"),
            Math.Max(e.GetProperty("peak_rss_mb").GetDouble(), Number(e, "process_max_rss_mb") ?? 0));
    }

    private static double? Number(JsonElement e, string name) =>
        e.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : null;

    private static double MedianSeconds(Run[] runs) => Median(runs.Select(r => r.Seconds));

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static string F(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);
}
