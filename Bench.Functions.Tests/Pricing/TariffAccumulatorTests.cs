using Bench.Pipeline.Pricing;

namespace Bench.Functions.Tests.Pricing;

public class TariffAccumulatorTests
{
    private const long T0 = 1_704_067_200; // 2024-01-01T00:00:00Z

    private static TariffAccumulator Price(TariffSeries series) => new(series, TariffQuantity.Price);

    [Fact]
    public void OneKilowattHourAtHundredEurosPerMegawattHourCostsTenCents()
    {
        var acc = Price(TariffSeries.Fixed(100));
        acc.AddSegment(T0, 1000, T0 + 3600, 1000);

        // 1000 W x 3600 s = 3.6e6 J = 1 kWh = 0.001 MWh; x 100 EUR/MWh = 0.10 EUR.
        Assert.Equal(0.10, acc.Total, 12);
        Assert.Equal(3.6e6, acc.CoveredJoules, 6);
        Assert.Equal(0, acc.UncoveredJoules);
    }

    [Fact]
    public void ManySmallSegmentsAddUpToTheSameCostAsOne()
    {
        var acc = Price(TariffSeries.Fixed(100));
        for (var t = T0; t < T0 + 3600; t += 2)
        {
            acc.AddSegment(t, 1000, t + 2, 1000);
        }

        Assert.Equal(0.10, acc.Total, 12);
    }

    [Fact]
    public void PriceStepInTheMiddleOfAJobChargesEachHourAtItsOwnPrice()
    {
        var series = new TariffSeries([new TariffPoint(T0, 50), new TariffPoint(T0 + 3600, 150)]);
        var acc = Price(series);
        for (var t = T0; t < T0 + 7200; t += 60)
        {
            acc.AddSegment(t, 1000, t + 60, 1000);
        }

        // First hour 1 kWh at 50 EUR/MWh = 0.05; second hour 1 kWh at 150 = 0.15.
        Assert.Equal(0.20, acc.Total, 12);
    }

    [Fact]
    public void PriceStepInsideOneConstantSegmentSplitsIt()
    {
        var series = new TariffSeries([new TariffPoint(T0, 50), new TariffPoint(T0 + 3600, 150)]);
        var acc = Price(series);
        acc.AddSegment(T0, 1000, T0 + 7200, 1000);

        Assert.Equal(0.20, acc.Total, 12);
    }

    [Fact]
    public void PriceStepInsideARampSegmentIntegratesEachPartOfTheRampExactly()
    {
        // Power rises 0 -> 2000 W over 2 h; price 50 until 30 min in, then 150.
        var series = new TariffSeries([new TariffPoint(T0, 50), new TariffPoint(T0 + 1800, 150)]);
        var acc = Price(series);
        acc.AddSegment(T0, 0, T0 + 7200, 2000);

        // At 1800 s the power is 2000 * 1800/7200 = 500 W.
        // Part 1: (0 + 500)/2 * 1800 = 450 000 J = 0.125 kWh -> 0.000125 MWh * 50 = 0.00625 EUR.
        // Part 2: (500 + 2000)/2 * 5400 = 6 750 000 J = 1.875 kWh -> 0.001875 MWh * 150 = 0.28125 EUR.
        Assert.Equal(0.00625 + 0.28125, acc.Total, 12);
        Assert.Equal(450_000 + 6_750_000, acc.CoveredJoules, 6);
    }

    [Fact]
    public void QuarterHourPricesInsideOneSegmentAreEachApplied()
    {
        var series = new TariffSeries([
            new TariffPoint(T0, 40), new TariffPoint(T0 + 900, 80),
            new TariffPoint(T0 + 1800, 120), new TariffPoint(T0 + 2700, 160),
        ]);
        var acc = Price(series);
        acc.AddSegment(T0, 1000, T0 + 3600, 1000);

        // 0.25 kWh per quarter: 0.00025 MWh * (40 + 80 + 120 + 160) = 0.1 EUR.
        Assert.Equal(0.1, acc.Total, 12);
    }

    [Fact]
    public void MissingPricesMakeTheirEnergyUncovered()
    {
        var series = new TariffSeries([
            new TariffPoint(T0 + 3600, 100), new TariffPoint(T0 + 7200, null), new TariffPoint(T0 + 10800, 100),
        ]);
        var acc = Price(series);
        // 4 h at 1000 W: hour 1 before the first point, hour 3 null; hours 2 and 4 at 100 EUR/MWh.
        acc.AddSegment(T0, 1000, T0 + 14400, 1000);

        Assert.Equal(0.20, acc.Total, 12);
        Assert.Equal(7.2e6, acc.CoveredJoules, 6);
        Assert.Equal(7.2e6, acc.UncoveredJoules, 6);
        Assert.Equal(0.5, acc.Totals.CoveredFraction, 12);
    }

    [Fact]
    public void OneKilowattHourAtFourHundredGramsPerKilowattHourEmitsFourHundredGrams()
    {
        var acc = new TariffAccumulator(TariffSeries.Fixed(400), TariffQuantity.Carbon);
        acc.AddSegment(T0, 1000, T0 + 3600, 1000);

        Assert.Equal(400, acc.Total, 9);
    }

    [Fact]
    public void RunningTotalsAfterEachSampleAreCumulative()
    {
        var series = new TariffSeries([new TariffPoint(T0, 100), new TariffPoint(T0 + 3600, 200)]);
        var acc = Price(series);
        // Samples at 0, 1 h, 2 h with constant 1000 W: cumulative 0.10 then 0.10 + 0.20.
        var first = acc.AddSegment(T0, 1000, T0 + 3600, 1000);
        var afterFirst = acc.Totals;
        var second = acc.AddSegment(T0 + 3600, 1000, T0 + 7200, 1000);

        Assert.Equal(0.10, first, 12);
        Assert.Equal(0.10, afterFirst.Total, 12);
        Assert.Equal(0.20, second, 12);
        Assert.Equal(0.30, acc.Totals.Total, 12);
        Assert.Equal(7.2e6, acc.Totals.Joules, 6);
    }

    [Fact]
    public void SegmentsGoingBackInTimeAreChargedAtTheirOwnPrices()
    {
        // One job accumulator fed node after node: the second node starts again at T0.
        var series = new TariffSeries([new TariffPoint(T0, 50), new TariffPoint(T0 + 3600, 150)]);
        var acc = Price(series);
        for (var node = 0; node < 2; node++)
        {
            for (var t = T0; t < T0 + 7200; t += 600)
            {
                acc.AddSegment(t, 1000, t + 600, 1000);
            }
        }

        Assert.Equal(2 * 0.20, acc.Total, 12);
    }

    [Fact]
    public void SegmentOrderDoesNotChangeTheTotal()
    {
        var points = Enumerable.Range(0, 96).Select(i => new TariffPoint(T0 + (i * 900), 10 + (i % 7 * 20.0))).ToList();
        var series = new TariffSeries(points);
        var segments = Enumerable.Range(0, 500)
            .Select(i => (T: T0 + (i * 157L), W0: 100 + (i % 13 * 50.0), W1: 100 + ((i + 1) % 13 * 50.0)))
            .ToList();

        var ascending = Price(series);
        foreach (var s in segments)
        {
            ascending.AddSegment(s.T, s.W0, s.T + 157, s.W1);
        }

        var shuffled = Price(series);
        foreach (var s in segments.OrderBy(s => (s.T * 7919) % 1009))
        {
            shuffled.AddSegment(s.T, s.W0, s.T + 157, s.W1);
        }

        // Reference: each segment on its own, split by hand at quarter-hour boundaries with ValueAt.
        var expected = 0.0;
        foreach (var (t, w0, w1) in segments)
        {
            var cuts = new List<long> { t };
            cuts.AddRange(points.Select(p => p.StartEpochSeconds).Where(b => b > t && b < t + 157));
            cuts.Add(t + 157);
            for (var k = 0; k + 1 < cuts.Count; k++)
            {
                double Power(long at) => w0 + ((w1 - w0) * (at - t) / 157.0);
                var joules = (Power(cuts[k]) + Power(cuts[k + 1])) / 2 * (cuts[k + 1] - cuts[k]);
                expected += joules / 3.6e9 * series.ValueAt(cuts[k])!.Value;
            }
        }

        Assert.Equal(expected, ascending.Total, 12);
        Assert.Equal(expected, shuffled.Total, 12);
    }

    [Fact]
    public void ZeroLengthSegmentAddsNothing()
    {
        var acc = Price(TariffSeries.Fixed(100));
        Assert.Equal(0, acc.AddSegment(T0, 1000, T0, 5000));
        Assert.Equal(0, acc.Totals.Joules);
        Assert.Equal(1.0, acc.Totals.CoveredFraction);
    }

    [Fact]
    public void SegmentEndingBeforeItStartsIsRejected()
    {
        var acc = Price(TariffSeries.Fixed(100));
        var ex = Assert.Throws<ArgumentException>(() => acc.AddSegment(T0 + 10, 1, T0, 1));
        Assert.Contains("before it starts", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AMillionSegmentsDeepIntoAYearOfQuarterHourPricesSumExactly()
    {
        // Quarter-hour prices alternating 100 / 300 EUR/MWh for a year; 2-second samples at 1800 W for ~23 days.
        const int quarters = 365 * 96;
        var series = new TariffSeries(Enumerable.Range(0, quarters)
            .Select(i => new TariffPoint(T0 + (i * 900L), i % 2 == 0 ? 100 : 300)));
        var acc = Price(series);
        const int segments = 1_000_000;
        var start = T0 + (200L * 86400); // deep into the series: the first seek must not walk from the start
        for (var i = 0; i < segments; i++)
        {
            var t = start + (2L * i);
            acc.AddSegment(t, 1800, t + 2, 1800);
        }


        // 2e6 s = 2222 full quarter hours (alternating, starting on an even index) + 200 s of an even one.
        // Energy per quarter 1800 W * 900 s = 1.62e6 J = 4.5e-4 MWh.
        var expected = (1111 * 4.5e-4 * 100) + (1111 * 4.5e-4 * 300) + (1800.0 * 200 / 3.6e9 * 100);
        Assert.Equal(expected, acc.Total, 6);
    }
}
