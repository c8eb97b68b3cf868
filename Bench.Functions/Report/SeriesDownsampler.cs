using System.Text.Json.Serialization;

namespace Bench.Functions.Report;

/// <summary>
/// Cuts a job's time (first to last power sample over all nodes) into equal buckets shared by every node,
/// as <c>GET /jobs/{id}/series</c> does in SQL: per node and bucket the last sample's elapsed time, the mean
/// and peak power, and the cumulative energy (and cost) at that last sample; the price (one tariff per job) on the first node
/// only unless asked for every node. Empty buckets are left out, so a node with fewer samples than buckets keeps every sample.
/// Used by the report and by the assembly, which stores each Slurm job's series (Jobs/JobSeriesStore).
/// </summary>
internal static class SeriesDownsampler
{
    /// <summary>Points per node for a report: ~50,000 in all (a plot is ~1,000 pixels wide), 200 to 2,000 per node.</summary>
    public static int PointsFor(int nodes) => Math.Clamp(50_000 / Math.Max(1, nodes), 200, 2000);

    public static ReportSeries Downsample(IReadOnlyList<CapturedNode> nodes, int points, bool priceOnFirstNodeOnly = true)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(points, 1);
        var lo = double.PositiveInfinity;
        var hi = double.NegativeInfinity;
        foreach (var n in nodes)
        {
            foreach (var e in n.ElapsedS)
            {
                lo = Math.Min(lo, e);
                hi = Math.Max(hi, e);
            }
        }

        var span = hi > lo ? hi - lo : 0;
        var result = nodes.Select(n => One(n, lo, span, points)).Where(n => n.Samples > 0).ToArray();
        for (var i = 1; priceOnFirstNodeOnly && i < result.Length; i++)
        {
            result[i] = result[i] with { PriceEurPerMwh = null }; // one tariff for the job: the first node carries the price
        }

        return new ReportSeries(points, span / points, result, span);
    }

    private static ReportNodeSeries One(CapturedNode n, double lo, double span, int points)
    {
        var elapsed = new List<double>();
        var power = new List<double>();
        var peak = new List<double>();
        var counts = new List<int>();
        var buckets = new List<int>();
        var energy = new List<double>();
        var cost = n.CostEur is null ? null : new List<double?>();
        var price = n.PriceEurPerMwh is null ? null : new List<double?>();
        var bucket = -1;
        double sum = 0, max = double.NegativeInfinity, last = double.NegativeInfinity, lastEnergy = 0, priceSum = 0;
        double? lastCost = null;
        int count = 0, priceCount = 0;
        for (var i = 0; i < n.ElapsedS.Length; i++)
        {
            var e = n.ElapsedS[i];
            var b = span > 0 ? Math.Min((int)Math.Floor((e - lo) / span * points), points - 1) : 0;
            if (b != bucket)
            {
                Flush();
                bucket = b;
            }

            count++;
            sum += n.PowerW[i];
            max = Math.Max(max, n.PowerW[i]);
            if (e >= last)
            {
                last = e;
                lastEnergy = n.EnergyJ[i];
                lastCost = n.CostEur is { } c && double.IsFinite(c[i]) ? c[i] : lastCost;
            }

            if (n.PriceEurPerMwh is { } p && float.IsFinite(p[i]))
            {
                priceSum += p[i];
                priceCount++;
            }
        }

        Flush();
        return new ReportNodeSeries(n.Node, n.ElapsedS.Length, [.. elapsed], [.. power], [.. energy], cost?.ToArray(), price?.ToArray())
        {
            PeakPowerW = [.. peak],
            BucketSamples = [.. counts],
            Buckets = [.. buckets],
        };

        void Flush()
        {
            if (count == 0)
            {
                return;
            }

            // Rounded to what a plot or a CSV reader can use: keeps 64-node reports to a few MB.
            elapsed.Add(Math.Round(last, 3));
            power.Add(Math.Round(sum / count, 2));
            peak.Add(Math.Round(max, 2));
            counts.Add(count);
            buckets.Add(bucket);
            energy.Add(Math.Round(lastEnergy));
            cost?.Add(lastCost is { } c ? Math.Round(c, 6) : null);
            price?.Add(priceCount > 0 ? Math.Round(priceSum / priceCount, 3) : null);
            count = 0;
            sum = 0;
            max = double.NegativeInfinity;
            priceSum = 0;
            priceCount = 0;
            last = double.NegativeInfinity;
        }
    }
}

/// <summary>The series API's shape (<c>points</c>, <c>bucket_seconds</c>, <c>nodes</c>), plus cost and price when priced.</summary>
internal sealed record ReportSeries(
    [property: JsonPropertyName("points")] int Points,
    [property: JsonPropertyName("bucket_seconds")] double BucketSeconds,
    [property: JsonPropertyName("nodes")] IReadOnlyList<ReportNodeSeries> Nodes,
    [property: JsonIgnore] double SpanS);

internal sealed record ReportNodeSeries(
    [property: JsonPropertyName("node")] string Node,
    [property: JsonPropertyName("samples")] int Samples,
    [property: JsonPropertyName("elapsed_s")] double[] ElapsedS,
    [property: JsonPropertyName("power_w")] double[] PowerW,
    [property: JsonPropertyName("energy_j")] double[] EnergyJ,
    [property: JsonPropertyName("cost_eur"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double?[]? CostEur,
    [property: JsonPropertyName("price_eur_per_mwh"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double?[]? PriceEurPerMwh)
{
    /// <summary>The highest power sample of each bucket.</summary>
    [JsonPropertyName("peak_power_w")]
    public double[] PeakPowerW { get; init; } = [];

    /// <summary>How many samples each bucket holds (the weights when buckets are merged into fewer).</summary>
    [JsonIgnore]
    public int[] BucketSamples { get; init; } = [];

    /// <summary>Each point's bucket number (0 to points - 1).</summary>
    [JsonIgnore]
    public int[] Buckets { get; init; } = [];
}
