using System.Globalization;
using System.Text.Json;

namespace Bench.Functions.Cli;

/// <summary>Medians and ratios of repeated <c>benchmark</c> runs, all measured in one session.</summary>
internal static class BenchmarkSummary
{
    private sealed record Run(string Mode, double Seconds, long Rows, long FileBytes, long TimelineRows, double PeakRssMb);

    public static int Print(string jsonLines)
    {
        var runs = File.ReadLines(jsonLines).Where(l => l.StartsWith('{')).Select(Parse).ToArray();
        var modes = runs.GroupBy(r => r.Mode).ToDictionary(g => g.Key, g => g.ToArray());
        // Plain Markdown, so the figures paste into docs/benchmarks.md as they are.
        Console.WriteLine("| mode | runs | median s | min-max s | rows/s | MB/s (file) | peak RSS MB (max) |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
        foreach (var (mode, list) in modes)
        {
            var median = Median(list.Select(r => r.Seconds));
            Console.WriteLine($"| {mode} | {list.Length} | {F(median, "0.00")} | {F(list.Min(r => r.Seconds), "0.00")}-{F(list.Max(r => r.Seconds), "0.00")} | " +
                $"{F(list[0].Rows / median, "N0")} | {F(list[0].FileBytes / median / 1048576, "0.0")} | {F(list.Max(r => r.PeakRssMb), "0")} |");
        }

        if (modes.TryGetValue("read", out var read) && modes.TryGetValue("analyze", out var analyze))
        {
            var ratio = Median(analyze.Select(r => r.Seconds)) / Median(read.Select(r => r.Seconds));
            Console.WriteLine(F(ratio, "0.00") + "x  analyze / plain libhdf5 read (medians, same session; target <= 1.5x)");
            if (modes.TryGetValue("analyze+duckdb", out var withDb))
            {
                var extra = Median(withDb.Select(r => r.Seconds)) - Median(analyze.Select(r => r.Seconds));
                var timelineRows = withDb[0].TimelineRows;
                Console.WriteLine(extra > 0
                    ? $"{F(timelineRows / extra, "N0")} timeline rows/s written to DuckDB ({timelineRows:N0} rows in {F(extra, "0.00")} s over analyze alone)"
                    : "DuckDB writing added no measurable time");
            }
        }

        return 0;
    }

    private static Run Parse(string line)
    {
        var e = JsonDocument.Parse(line).RootElement;
        return new Run(e.GetProperty("mode").GetString()!, e.GetProperty("seconds").GetDouble(), e.GetProperty("rows").GetInt64(),
            e.GetProperty("file_bytes").GetInt64(), e.GetProperty("timeline_rows").GetInt64(), e.GetProperty("peak_rss_mb").GetDouble());
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static string F(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);
}
