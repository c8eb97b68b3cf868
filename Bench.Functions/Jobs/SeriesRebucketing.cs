namespace Bench.Functions.Jobs;

/// <summary>One node's stored series (see <see cref="JobSeriesStore"/>): one entry per non-empty bucket of <see cref="Resolution"/>.</summary>
internal sealed record StoredNodeSeries(
    string Node,
    int Resolution,
    int Samples,
    int[] Bucket,
    int[] BucketSamples,
    double[] ElapsedS,
    double[] PowerW,
    double[] PeakPowerW,
    double[] EnergyJ,
    double?[]? CostEur,
    double?[]? PriceEurPerMwh);

/// <summary>
/// Merges a stored series' buckets into fewer: stored bucket b goes whole into bucket floor(b * N / resolution),
/// which is exactly the timeline query's bucket when N divides the resolution (else a stored bucket straddling
/// two of the N is counted in the first). Mean power and price weighted by samples, peak the maximum, time,
/// energy and cost those of the last stored bucket.
/// </summary>
internal static class SeriesRebucketing
{
    public static NodeSeries Rebucket(StoredNodeSeries s, int points)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(points, 1);
        var elapsed = new List<double>();
        var power = new List<double>();
        var peak = new List<double>();
        var energy = new List<double>();
        var cost = s.CostEur is null ? null : new List<double?>();
        var price = s.PriceEurPerMwh is null ? null : new List<double?>();
        var current = -1;
        double sum = 0, max = double.NegativeInfinity, priceSum = 0;
        int count = 0, priceCount = 0;
        double? lastCost = null;
        for (var i = 0; i < s.Bucket.Length; i++)
        {
            // long: bucket * points can pass int.MaxValue only for absurd resolutions, but must never wrap.
            var b = (int)((long)s.Bucket[i] * points / s.Resolution);
            if (b != current)
            {
                Flush(i - 1);
                current = b;
            }

            var n = s.BucketSamples[i];
            count += n;
            sum += s.PowerW[i] * n;
            max = Math.Max(max, s.PeakPowerW[i]);
            lastCost = s.CostEur?[i] ?? lastCost;
            if (s.PriceEurPerMwh?[i] is { } p)
            {
                priceSum += p * n;
                priceCount += n;
            }
        }

        Flush(s.Bucket.Length - 1);
        return new NodeSeries(s.Node, s.Samples, [.. elapsed], [.. power], [.. peak], [.. energy], cost?.ToArray(), price?.ToArray());

        void Flush(int last)
        {
            if (count == 0)
            {
                return;
            }

            elapsed.Add(s.ElapsedS[last]);
            power.Add(sum / count);
            peak.Add(max);
            energy.Add(s.EnergyJ[last]);
            cost?.Add(lastCost);
            price?.Add(priceCount > 0 ? priceSum / priceCount : null);
            count = 0;
            sum = 0;
            max = double.NegativeInfinity;
            priceSum = 0;
            priceCount = 0;
            lastCost = null;
        }
    }
}
