using Bench.Pipeline.Energy;
using Bench.Pipeline.Pricing;
using Bench.Pipeline.Slurm;
using Bench.Pipeline.Timeline;

namespace Bench.Pipeline.Analysis;

/// <summary>
/// What one node contributes to a job, computed from that node's series alone: its cleaned and merged
/// power, its timeline, its cost and CO2, and its warnings in the order the analysis reports them. Being
/// independent of every other node, it is prepared on the read-ahead threads, in parallel; the analysis
/// then adds the nodes up in order, so the figures are the same as node by node.
/// </summary>
internal sealed record PreparedNode
{
    public required string Node { get; init; }

    /// <summary>Rows read for this node, over all its series.</summary>
    public required long RowsRead { get; init; }

    /// <summary>
    /// The node's series, kept only when its timeline is still to be built (the job's start was not known
    /// in advance); otherwise dropped here, so the raw series of nodes waiting their turn are not held.
    /// </summary>
    public NodeData? Data { get; init; }

    /// <summary>Task series of the node's steps, read or not.</summary>
    public required int Tasks { get; init; }

    /// <summary>The CPUFrequency unit detected per step of this node.</summary>
    public required IReadOnlyList<FrequencyUnit> FrequencyUnits { get; init; }

    /// <summary>The steps' read warnings, then the cleaning warnings, in step order.</summary>
    public required IReadOnlyList<string> Warnings { get; init; }

    /// <summary>Each step's power after cleaning; steps without a usable Energy series are absent.</summary>
    public required IReadOnlyList<CleanPowerSeries> Cleaned { get; init; }

    public required MergedNodePower Merged { get; init; }

    /// <summary>"gaps in power sampling" for this node, or null.</summary>
    public string? GapWarning { get; init; }

    /// <summary>The node's timeline; null without a sink, or when the job's start was not known in advance.</summary>
    public NodeTimeline? Timeline { get; init; }

    public TariffTotals? Cost { get; init; }
    public TariffTotals? Co2 { get; init; }

    /// <summary>
    /// Cleans, merges and (with <paramref name="buildTimeline"/> and a known <paramref name="jobStart"/>)
    /// builds the timeline and its cost and CO2 columns. Reads nothing shared but <paramref name="options"/>.
    /// </summary>
    public static PreparedNode Prepare(NodeData data, AnalysisOptions options, bool buildTimeline, long? jobStart)
    {
        var warnings = new List<string>();
        var tasks = 0;
        var units = new List<FrequencyUnit>(data.Steps.Count);
        foreach (var step in data.Steps)
        {
            warnings.AddRange(step.Warnings);
            tasks += step.Tasks.Count + step.UnreadTasks;
            units.Add(TaskReadings.DetectFrequencyUnit(step.Tasks));
        }

        var cleaned = CleanSteps(data, warnings);
        var merged = NodePowerMerger.Merge(data.Node, cleaned);
        var prepared = new PreparedNode
        {
            Node = data.Node,
            RowsRead = CountRows(data),
            Tasks = tasks,
            FrequencyUnits = units,
            Warnings = warnings,
            Cleaned = cleaned,
            Merged = merged,
        };
        if (merged.Length == 0)
        {
            return prepared;
        }

        return buildTimeline && jobStart is null
            ? prepared with { Data = data }
            : prepared.WithFigures(data, options, buildTimeline, jobStart ?? 0);
    }

    /// <summary>The timeline (when asked for), cost and CO2 of a node with power samples, from <paramref name="jobStart"/>.</summary>
    public PreparedNode WithFigures(NodeData data, AnalysisOptions options, bool buildTimeline, long jobStart)
    {
        var timeline = buildTimeline ? NodeTimelineBuilder.Build(Merged, data, FrequencyUnits, jobStart) : null;
        var cost = options.Price is { } price
            ? TariffColumns.Integrate(Merged.Time, Merged.TotalW, price, TariffQuantity.Price, timeline?.PriceEurPerMwh, timeline?.CostEur)
            : (TariffTotals?)null;
        var co2 = options.Carbon is { } carbon
            ? TariffColumns.Integrate(Merged.Time, Merged.TotalW, carbon, TariffQuantity.Carbon, timeline?.CarbonGPerKwh, timeline?.Co2G)
            : (TariffTotals?)null;
        return this with { Data = null, Timeline = timeline, Cost = cost, Co2 = co2, GapWarning = GapWarningOf(Merged, options) };
    }

    private static List<CleanPowerSeries> CleanSteps(NodeData data, List<string> warnings)
    {
        var cleaned = new List<CleanPowerSeries>(data.Steps.Count);
        foreach (var step in data.Steps)
        {
            if (step.Energy is null)
            {
                continue;
            }

            var series = PowerSeriesCleaner.Clean(step.Step, step.Energy);
            if (series is null)
            {
                warnings.Add($"node {data.Node} step {step.Step}: Energy has no power field");
                continue;
            }

            if (series.Dropped.Total > 0)
            {
                warnings.Add($"node {data.Node} step {step.Step}: dropped {series.Dropped.Total} of {step.Energy.Length} power rows: {series.Dropped.Describe()}");
            }

            if (series.Dropped.FailedReadingCount > 0)
            {
                warnings.Add($"node {data.Node} step {step.Step}: {series.Dropped.FailedReadingCount} failed sensor reading(s) (NO_VAL) dropped from their field, rows kept: {series.Dropped.DescribeFailedReadings()}");
            }

            if (series.GpuPowerNotMeasured)
            {
                warnings.Add($"node {data.Node} step {step.Step}: every {series.Selection.TotalLabel} reading is 0 W: no GPU power measured (NVIDIA/oneapi backends of the gpu plugin do not read power)");
            }

            cleaned.Add(series);
        }

        return cleaned;
    }

    private static long CountRows(NodeData data)
    {
        long rows = 0;
        foreach (var step in data.Steps)
        {
            rows += step.Energy?.Length ?? 0;
            rows += step.Filesystem?.Length ?? 0;
            rows += step.Network?.Length ?? 0;
            foreach (var task in step.Tasks)
            {
                rows += task.Length;
            }
        }

        return rows;
    }

    private static string? GapWarningOf(MergedNodePower merged, AnalysisOptions options)
    {
        if (merged.Length < 3)
        {
            return null;
        }

        var intervals = new long[merged.Length - 1];
        for (var i = 1; i < merged.Length; i++)
        {
            intervals[i - 1] = merged.Time[i] - merged.Time[i - 1];
        }

        var sorted = (long[])intervals.Clone();
        Array.Sort(sorted);
        var limit = Math.Max(60, sorted[sorted.Length / 2] * options.GapFactor);
        var gaps = intervals.Where(d => d > limit).ToArray();
        return gaps.Length == 0
            ? null
            : $"node {merged.Node}: {gaps.Length} gap(s) in power sampling, the longest {gaps.Max()} s (median interval {sorted[sorted.Length / 2]} s); energy across a gap is interpolated linearly";
    }
}
