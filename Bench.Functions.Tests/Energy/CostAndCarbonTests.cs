using Bench.Pipeline.Analysis;
using Bench.Pipeline.Pricing;
using Bench.Pipeline.Timeline;
using static Bench.Functions.Tests.Energy.InMemoryProfile;

namespace Bench.Functions.Tests.Energy;

public class CostAndCarbonTests
{
    private const long T0 = 1_700_000_400; // a whole hour: 1_700_000_400 / 3600 has no remainder

    [Fact]
    public void OneKilowattHourAtOneHundredEurosPerMegawattHourCostsTenCents()
    {
        var profile = new InMemoryProfile().Add("batch", "cn001", Power(Times(T0, T0 + 3600, 2), _ => 1000));
        var timelines = new List<NodeTimeline>();

        var result = ProfileAnalyzer.Analyze(profile, new AnalysisOptions { Price = TariffSeries.Fixed(100) }, timelines.Add);

        Assert.Equal(0.10, result.CostEur!.Value, 12);
        Assert.Equal(0.10, result.PerNode[0].CostEur!.Value, 12);
        Assert.Equal(0.10, result.PerStep[0].CostEur!.Value, 12);
        Assert.Null(result.Co2G);
        var timeline = Assert.Single(timelines);
        Assert.Equal(100, timeline.PriceEurPerMwh[0]);
        Assert.Equal(0, timeline.CostEur[0]);
        Assert.Equal(0.05, timeline.CostEur[timeline.Length / 2], 12);
        Assert.Equal(0.10, timeline.CostEur[^1], 12);
        Assert.True(double.IsNaN(timeline.Co2G[0]));
    }

    [Fact]
    public void APriceStepMidJobChargesEachHourAtItsOwnPriceOnEveryNode()
    {
        // 1000 W for 2 h on two nodes; 50 EUR/MWh in the first hour, 150 in the second: 0.05 + 0.15 per node.
        var times = Times(T0, T0 + 7200, 10);
        var profile = new InMemoryProfile()
            .Add("batch", "cn001", Power(times, _ => 1000))
            .Add("batch", "cn002", Power(times, _ => 1000));
        var price = new TariffSeries([new TariffPoint(T0, 50), new TariffPoint(T0 + 3600, 150)]);

        var result = ProfileAnalyzer.Analyze(profile, new AnalysisOptions { Price = price });

        Assert.Equal(0.40, result.CostEur!.Value, 12);
        Assert.All(result.PerNode, n => Assert.Equal(0.20, n.CostEur!.Value, 12));
    }

    [Fact]
    public void CarbonIsIntegratedTheSameWayInGramsPerKilowattHour()
    {
        var profile = new InMemoryProfile().Add("0", "cn001", Power(Times(T0, T0 + 3600, 1), _ => 1000));

        var result = ProfileAnalyzer.Analyze(profile, new AnalysisOptions { Carbon = TariffSeries.Fixed(400) });

        Assert.Equal(400, result.Co2G!.Value, 9);
        Assert.Null(result.CostEur);
    }

    [Fact]
    public void MissingPricePointsLeaveEnergyUncostedAndSaySo()
    {
        var profile = new InMemoryProfile().Add("batch", "cn001", Power(Times(T0, T0 + 7200, 10), _ => 1000));
        var price = new TariffSeries([new TariffPoint(T0, 100), new TariffPoint(T0 + 3600, null)]);

        var result = ProfileAnalyzer.Analyze(profile, new AnalysisOptions { Price = price });

        Assert.Equal(0.10, result.CostEur!.Value, 12);
        Assert.Contains("cost covers 50% of the energy: prices are missing for part of the job", result.Warnings);
    }

    [Fact]
    public void OverlappingStepsAreEachCostedOnTheirOwnEnergyWhileTheJobCountsItOnce()
    {
        var profile = new InMemoryProfile()
            .Add("batch", "cn001", Power(Times(T0, T0 + 3600, 2), _ => 1000))
            .Add("0", "cn001", Power(Times(T0 + 1800, T0 + 3600, 2), _ => 1000));

        var result = ProfileAnalyzer.Analyze(profile, new AnalysisOptions { Price = TariffSeries.Fixed(100) });

        Assert.Equal(0.10, result.CostEur!.Value, 12);
        var steps = result.PerStep.ToDictionary(s => s.Step);
        Assert.Equal(0.10, steps["batch"].CostEur!.Value, 12);
        Assert.Equal(0.05, steps["0"].CostEur!.Value, 12);
    }
}
