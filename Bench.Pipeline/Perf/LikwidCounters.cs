namespace Bench.Pipeline.Perf;

/// <summary>
/// Takes <see cref="PerfCounters"/> out of a <see cref="LikwidReport"/>. Each quantity comes from the first
/// group (by number) that measured it: groups multiplexed over one run measure the same code, so they are
/// not added. Whole-run tables win over marker regions; without them the regions of that group are added
/// (nested regions would count twice: a note says so). A per-thread <c>Metric</c> table wins over its
/// <c>Metric STAT</c> summary, which is used (Sum, and Max for the run time) only when alone.
/// </summary>
public static class LikwidCounters
{
    public static readonly string[] DpMetric = ["DP [MFLOP/s]", "DP MFLOP/s", "DP [MFlop/s]", "DP MFlops/s"];
    public static readonly string[] SpMetric = ["SP [MFLOP/s]", "SP MFLOP/s", "SP [MFlop/s]", "SP MFlops/s"];
    public static readonly string[] MemoryBandwidthMetric = ["Memory bandwidth [MBytes/s]", "Memory bandwidth MBytes/s"];
    public const string RuntimeMetric = "Runtime (RDTSC) [s]";

    /// <exception cref="LikwidFormatException">No Metric table, or none with a run time.</exception>
    public static PerfCounters From(LikwidReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var metricTables = report.Tables.Where(t => t.IsMetric || t.IsMetricStat).ToList();
        if (metricTables.Count == 0)
        {
            throw new LikwidFormatException(report.Source, null,
                "no 'Group <n> Metric' table: the counters were read but no metrics derived (use a performance group, e.g. -g FLOPS_DP)");
        }

        var wholeRun = metricTables.Where(t => t.Region is null).ToList();
        var notes = new List<string>();
        if (wholeRun.Count == 0)
        {
            var regions = metricTables.Select(t => t.Region).Distinct().Count();
            notes.Add($"{report.Source}: figures added over {regions} marker region(s); nested regions would be counted twice");
        }

        var usable = (wholeRun.Count > 0 ? wholeRun : metricTables)
            .GroupBy(t => (t.Region, t.Group))
            .Select(g => g.FirstOrDefault(t => t.IsMetric) ?? g.First())
            .ToList();
        if (usable.Any(t => t.IsMetricStat))
        {
            notes.Add($"{report.Source}: per-thread metrics missing; taken from the STAT summary (Sum, run time Max)");
        }

        var dp = Quantity(usable, DpMetric, report.Source);
        var sp = Quantity(usable, SpMetric, report.Source);
        var bandwidth = Quantity(usable, MemoryBandwidthMetric, report.Source);
        double? runtime = null;
        var threads = 0;
        foreach (var table in usable)
        {
            if (RuntimeOf(table) is { } r)
            {
                runtime = Math.Max(runtime ?? 0, r.Max);
                threads = Math.Max(threads, r.Threads);
            }
        }

        if (runtime is null)
        {
            throw new LikwidFormatException(report.Source, usable[0].Line, $"no '{RuntimeMetric}' row in any Metric table");
        }

        return new PerfCounters(dp?.Rate, sp?.Rate, dp?.Gflop, sp?.Gflop, runtime, bandwidth?.Rate, threads, notes);
    }

    private sealed record Measured(double Rate, double Gflop);

    /// <summary>The quantity from the first group that has it, added over that group's tables (regions).</summary>
    private static Measured? Quantity(List<LikwidTable> tables, string[] names, string source)
    {
        var group = tables.Where(t => FindAny(t, names) is not null).Select(t => t.Group).DefaultIfEmpty(-1).Min();
        if (group < 0)
        {
            return null;
        }

        double rate = 0, gflop = 0;
        foreach (var table in tables.Where(t => t.Group == group))
        {
            if (FindAny(table, names) is not { } row)
            {
                continue;
            }

            var runtimeRow = table.Find(RuntimeMetric)
                ?? throw new LikwidFormatException(source, table.Line, $"the Metric table of group {table.Group} ({table.GroupName}) has '{row.Name}' but no '{RuntimeMetric}' row");
            if (table.IsMetricStat)
            {
                var sum = table.ColumnOf("Sum");
                var max = table.ColumnOf("Max");
                if (sum < 0 || max < 0 || row.Values[sum] is not { } s || runtimeRow.Values[max] is not { } m)
                {
                    throw new LikwidFormatException(source, row.Line, $"the STAT table of group {table.Group} has no Sum for '{row.Name}' or no Max run time");
                }

                rate += s;
                gflop += s * m / 1000;
                continue;
            }

            for (var i = 0; i < row.Values.Count; i++)
            {
                if (row.Values[i] is { } v)
                {
                    rate += v;
                    gflop += v * (runtimeRow.Values.ElementAtOrDefault(i) ?? 0) / 1000;
                }
            }
        }

        return new Measured(rate, gflop);
    }

    private static (double Max, int Threads)? RuntimeOf(LikwidTable table)
    {
        if (table.Find(RuntimeMetric) is not { } row)
        {
            return null;
        }

        if (table.IsMetricStat)
        {
            var max = table.ColumnOf("Max");
            return max >= 0 && row.Values[max] is { } m ? (m, 0) : null;
        }

        var values = row.Values.Where(v => v is not null).Select(v => v!.Value).ToList();
        return values.Count == 0 ? null : (values.Max(), values.Count);
    }

    private static LikwidRow? FindAny(LikwidTable table, string[] names)
    {
        foreach (var name in names)
        {
            if (table.Find(name) is { } row)
            {
                return row;
            }
        }

        return null;
    }
}
