using Bench.Pipeline.Timeline;

namespace Bench.Functions.Tests.Energy;

/// <summary>The difference-array sums agree with a plain per-row reading of every series.</summary>
public class IntervalSumsTests
{
    // The reference: for each row, read each series as the kind says, inside its range only.
    private static double Reference(long t, long[] time, double[] v, SampleKind kind)
    {
        if (t < time[0] || t > time[^1]) return double.NaN;
        var j = Array.FindLastIndex(time, x => x <= t);
        var at = time[j] == t;
        var k = at ? j : j + 1;
        return kind switch
        {
            SampleKind.Current => at ? v[j] : v[j] + ((v[j + 1] - v[j]) * (t - time[j]) / (time[j + 1] - time[j])),
            SampleKind.IntervalAverage => v[k],
            SampleKind.IntervalAmount => k == 0 ? double.NaN : v[k] / (time[k] - time[k - 1]),
            _ => k == 0 || v[k] < v[k - 1] ? double.NaN : (v[k] - v[k - 1]) / (time[k] - time[k - 1]),
        };
    }

    [Theory]
    [InlineData(SampleKind.Current, 1)]
    [InlineData(SampleKind.IntervalAverage, 2)]
    [InlineData(SampleKind.IntervalAmount, 3)]
    [InlineData(SampleKind.Cumulative, 4)]
    public void RandomSeriesSumToWhatAPerRowReadingGives(SampleKind kind, int seed)
    {
        var random = new Random(seed);
        const long t0 = 1_700_000_000;
        var timeline = Enumerable.Range(0, 2000).Select(i => t0 + (i * 2L) + (i % 7 == 0 ? 1 : 0)).Distinct().ToArray();
        var series = Enumerable.Range(0, 6).Select(_ =>
        {
            var start = t0 + random.Next(-50, 1500);
            var times = new List<long>();
            for (var t = start; times.Count < 200; t += random.Next(1, 40)) times.Add(t);
            var values = times.Select(_ => random.NextDouble() < 0.1 ? 0.0 : random.Next(0, 5000) + random.NextDouble()).ToArray();
            if (kind == SampleKind.Cumulative)
            {
                for (var i = 1; i < values.Length; i++) values[i] = values[i - 1] + (random.NextDouble() < 0.05 ? -100 : values[i] / 100);
            }

            return (Time: times.ToArray(), Values: values);
        }).ToArray();

        var sums = new IntervalSums(timeline);
        foreach (var (time, values) in series)
        {
            sums.Add(time, Enumerable.Range(0, time.Length).ToArray(), values, kind);
        }

        var actual = new double[timeline.Length];
        sums.WriteTo(actual);
        for (var i = 0; i < timeline.Length; i++)
        {
            var parts = series.Select(s => Reference(timeline[i], s.Time, s.Values, kind)).Where(double.IsFinite).ToArray();
            if (parts.Length == 0)
            {
                Assert.True(double.IsNaN(actual[i]), $"row {i} (t={timeline[i]}) should have no value, got {actual[i]}");
            }
            else
            {
                Assert.Equal(parts.Sum(), actual[i], 1e-9 * Math.Max(1, Math.Abs(parts.Sum())));
            }
        }
    }

    [Fact]
    public void SeriesThatJumpOverManyRowsAndStartLateLandOnTheRightRows()
    {
        // Timeline: every second for 10,000 s. Series: starts at row 7,000 and then jumps 1, 3, 1,000 and 1 s.
        var timeline = Enumerable.Range(0, 10_000).Select(i => 1_000L + i).ToArray();
        long[] time = [8_000, 8_001, 8_004, 9_004, 9_005];
        double[] rss = [10, 20, 50, 2_050, 2_060];
        var sums = new IntervalSums(timeline);
        sums.Add(time, Enumerable.Range(0, time.Length).ToArray(), rss, SampleKind.Current);
        var actual = new double[timeline.Length];
        sums.WriteTo(actual);

        // Current values are interpolated linearly between samples (by hand: 50 + 2 per second after 8,004).
        Assert.True(double.IsNaN(actual[6_999]));
        Assert.Equal(10, actual[7_000], 9);
        Assert.Equal(20, actual[7_001], 9);
        Assert.Equal(30, actual[7_002], 9);
        Assert.Equal(50, actual[7_004], 9);
        Assert.Equal(1_050, actual[7_504], 9);
        Assert.Equal(2_050, actual[8_004], 9);
        Assert.Equal(2_060, actual[8_005], 9);
        Assert.True(double.IsNaN(actual[8_006]));
    }
}
