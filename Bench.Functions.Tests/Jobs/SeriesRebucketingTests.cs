using Bench.Functions.Jobs;
using Bench.Functions.Report;

namespace Bench.Functions.Tests.Jobs;

/// <summary>A stored series merged into fewer buckets, by hand, and against downsampling the samples directly.</summary>
public sealed class SeriesRebucketingTests
{
    [Fact]
    public void StoredBucketsMergeIntoFewerWithSampleWeightedMeansTheirPeakAndTheLastEnergyAndCost()
    {
        // Resolution 6 into 3: stored bucket b goes to b / 2, so {0, 1}, {2, 3}, {5}.
        var stored = new StoredNodeSeries(
            "cn001", Resolution: 6, Samples: 8,
            Bucket: [0, 1, 2, 3, 5],
            BucketSamples: [1, 2, 1, 3, 1],
            ElapsedS: [0.5, 1.5, 2.5, 3.5, 5.5],
            PowerW: [10, 20, 30, 40, 50],
            PeakPowerW: [10, 25, 30, 45, 50],
            EnergyJ: [1, 2, 3, 4, 5],
            CostEur: [null, 0.1, 0.2, 0.3, 0.4],
            PriceEurPerMwh: [50, 60, null, 70, 80]);

        var s = SeriesRebucketing.Rebucket(stored, 3);

        Assert.Equal("cn001", s.Node);
        Assert.Equal(8, s.Samples);
        Assert.Equal([1.5, 3.5, 5.5], s.ElapsedS);
        Assert.Equal(50.0 / 3, s.PowerW[0], 12);        // (10 x 1 + 20 x 2) / 3
        Assert.Equal(37.5, s.PowerW[1], 12);            // (30 x 1 + 40 x 3) / 4
        Assert.Equal(50, s.PowerW[2], 12);
        Assert.Equal([25.0, 45, 50], s.PeakPowerW);
        Assert.Equal([2.0, 4, 5], s.EnergyJ);
        Assert.Equal([0.1, 0.3, 0.4], s.CostEur!);
        Assert.Equal(170.0 / 3, s.PriceEurPerMwh![0]!.Value, 12); // (50 x 1 + 60 x 2) / 3
        Assert.Equal(70, s.PriceEurPerMwh[1]!.Value, 12);         // bucket 2 has no price: bucket 3's alone
        Assert.Equal(80, s.PriceEurPerMwh[2]!.Value, 12);
    }

    [Fact]
    public void WithoutATariffCostAndPriceStayNull()
    {
        var stored = new StoredNodeSeries("a", 4, 2, [0, 3], [1, 1], [0, 3], [1, 2], [1, 2], [0, 6], null, null);

        var s = SeriesRebucketing.Rebucket(stored, 2);

        Assert.Null(s.CostEur);
        Assert.Null(s.PriceEurPerMwh);
        Assert.Equal([1.0, 2], s.PowerW);
    }

    [Fact]
    public void TheDownsamplerKeepsPeakCountsBucketsAndWhenAskedThePriceOnEveryNode()
    {
        // t = 0..5 over 2 buckets of 2.5 s: {0, 1, 2} and {3, 4, 5}.
        double[] t = [0, 1, 2, 3, 4, 5];
        var a = new CapturedNode("a", t, [1, 5, 3, 2, 2, 8], [0, 1, 2, 3, 4, 5], [0, 0.1, 0.2, 0.3, 0.4, 0.5], [40, 40, 40, 60, 60, 60]);
        var b = new CapturedNode("b", [4, 5], [7, 9], [0, 9], [0, 0.2], [60, 60]);

        var series = SeriesDownsampler.Downsample([a, b], 2, priceOnFirstNodeOnly: false);

        Assert.Equal(5.0, series.SpanS);
        Assert.Equal([3.0, 4], series.Nodes[0].PowerW);
        Assert.Equal([5.0, 8], series.Nodes[0].PeakPowerW);
        Assert.Equal([3, 3], series.Nodes[0].BucketSamples);
        Assert.Equal([0, 1], series.Nodes[0].Buckets);
        Assert.Equal([1], series.Nodes[1].Buckets);
        Assert.Equal([9.0], series.Nodes[1].PeakPowerW);
        Assert.Equal([60.0], series.Nodes[1].PriceEurPerMwh!.Select(p => p!.Value));
        Assert.Equal([40.0, 60], series.Nodes[0].PriceEurPerMwh!.Select(p => p!.Value));
    }

    [Theory]
    [InlineData(12, 4)]
    [InlineData(2000, 200)]
    [InlineData(60, 60)]
    public void MergingAStoredSeriesWhoseResolutionTheCountDividesEqualsDownsamplingTheSamplesDirectly(int resolution, int points)
    {
        var random = new Random(5);
        var nodes = Enumerable.Range(0, 3).Select(n =>
        {
            var t = Enumerable.Range(0, 500 + n * 37).Select(i => i * 1.7 + n * 3 + random.NextDouble()).ToArray();
            var power = t.Select(_ => (float)Math.Round(100 + random.NextDouble() * 300, 1)).ToArray();
            var energy = t.Select((_, i) => i * 250.0).ToArray();
            var cost = energy.Select(e => e / 3.6e7).ToArray();
            return new CapturedNode($"cn{n}", t, power, energy, cost, t.Select(_ => 100f).ToArray());
        }).ToList();

        var stored = SeriesDownsampler.Downsample(nodes, resolution, priceOnFirstNodeOnly: false);
        var direct = SeriesDownsampler.Downsample(nodes, points, priceOnFirstNodeOnly: false);

        for (var n = 0; n < nodes.Count; n++)
        {
            var s = stored.Nodes[n];
            var merged = SeriesRebucketing.Rebucket(
                new StoredNodeSeries(s.Node, resolution, s.Samples, s.Buckets, s.BucketSamples, s.ElapsedS, s.PowerW, s.PeakPowerW, s.EnergyJ, s.CostEur, s.PriceEurPerMwh), points);
            var d = direct.Nodes[n];
            Assert.Equal(d.ElapsedS, merged.ElapsedS);
            Assert.Equal(d.EnergyJ, merged.EnergyJ);
            Assert.Equal(d.PeakPowerW, merged.PeakPowerW);
            // Stored means are rounded to 0.01 W; their weighted mean is within that of the direct one.
            Assert.All(d.PowerW.Zip(merged.PowerW), p => Assert.Equal(p.First, p.Second, 0.011));
            Assert.Equal(d.CostEur!.Select(c => c!.Value), merged.CostEur!.Select(c => c!.Value));
            Assert.All(merged.PriceEurPerMwh!, p => Assert.Equal(100, p!.Value, 9));
        }
    }
}
