using Bench.Pipeline.Pricing;
using Bench.Pipeline.Pricing.Smard;

namespace Bench.Functions.Tests.Pricing;

public class SmardBlocksTests
{
    private static readonly long[] Starts = [1000, 2000, 3000];

    [Theory]
    [InlineData(1000, 1500, 0, 0)]  // starts exactly at a block start
    [InlineData(1500, 2500, 0, 1)]  // spans two blocks
    [InlineData(1500, 2000, 0, 0)]  // ends exactly at a boundary: the next block is not needed
    [InlineData(2000, 2000, 1, 1)]  // zero length at a boundary: the block containing it
    [InlineData(500, 1500, 0, 0)]   // starts before the first block
    [InlineData(3500, 9000, 2, 2)]  // inside the newest block
    [InlineData(500, 3001, 0, 2)]
    public void SelectsTheBlocksOverlappingTheRange(long from, long to, int first, int last) =>
        Assert.Equal((first, last), SmardBlocks.Select(Starts, from, to));

    [Fact]
    public void RangeEndingBeforeTheFirstBlockSelectsNothing() =>
        Assert.Null(SmardBlocks.Select(Starts, 0, 1000));

    [Fact]
    public void EachValueCoversOneStepAndGapsAndTheEndBecomeMissing()
    {
        var rows = new List<(long, double?)> { (0, 10), (3_600_000, 20), (10_800_000, 30), (14_400_000, null) };

        var series = SmardBlocks.ToSeries([rows], SmardResolution.Hour);

        Assert.Equal(
            [new TariffPoint(0, 10), new TariffPoint(3600, 20), new TariffPoint(7200, null), new TariffPoint(10800, 30), new TariffPoint(14400, null)],
            series.Points);
        Assert.Null(series.ValueAt(20000));
    }

    [Fact]
    public void LastValueEndsAfterOneQuarterHourAtQuarterHourResolution()
    {
        var series = SmardBlocks.ToSeries([[(0, 10), (900_000, 20)]], SmardResolution.QuarterHour);

        Assert.Equal(20, series.ValueAt(1799));
        Assert.Null(series.ValueAt(1800));
    }
}
