using Bench.Pipeline.Pricing;

namespace Bench.Functions.Tests.Pricing;

public class TariffSeriesTests
{
    private static readonly TariffSeries Steps = new([
        new TariffPoint(1000, 50),
        new TariffPoint(2000, null),
        new TariffPoint(3000, 150),
    ]);

    [Theory]
    [InlineData(999, null)]
    [InlineData(1000, 50.0)]
    [InlineData(1999, 50.0)]
    [InlineData(2000, null)]
    [InlineData(2999, null)]
    [InlineData(3000, 150.0)]
    [InlineData(long.MaxValue, 150.0)]
    public void ValueAtIsTheLastPointStartingAtOrBeforeTheTime(long t, double? expected) =>
        Assert.Equal(expected, Steps.ValueAt(t));

    [Fact]
    public void FixedSeriesHasItsValueAtAllTimes()
    {
        var fixedSeries = TariffSeries.Fixed(42.5);
        Assert.Equal(42.5, fixedSeries.ValueAt(long.MinValue));
        Assert.Equal(42.5, fixedSeries.ValueAt(-1));
        Assert.Equal(42.5, fixedSeries.ValueAt(1_700_000_000));
    }

    [Fact]
    public void EmptySeriesIsMissingEverywhere() =>
        Assert.Null(TariffSeries.Empty.ValueAt(0));

    [Fact]
    public void PointsOutOfOrderAreRejectedWithTheirPosition()
    {
        var ex = Assert.Throws<ArgumentException>(() => new TariffSeries([new TariffPoint(10, 1), new TariffPoint(10, 2)]));
        Assert.Contains("point 1 starts at 10", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NonFiniteValuesAreRejected() =>
        Assert.Throws<ArgumentException>(() => new TariffSeries([new TariffPoint(10, double.NaN)]));
}
