using Bench.Pipeline.Analysis;
using Bench.Pipeline.Slurm;
using static Bench.Functions.Tests.Energy.InMemoryProfile;

namespace Bench.Functions.Tests.Energy;

public class EnergyFiguresTests
{
    private const long T0 = 1_700_000_000;

    [Fact]
    public void ConstantPowerOnTwoNodesSumsBothNodes()
    {
        var times = Times(T0, T0 + 3600, 1);
        var profile = new InMemoryProfile()
            .Add("batch", "cn001", Power(times, _ => 300))
            .Add("batch", "cn002", Power(times, _ => 300));

        var result = ProfileAnalyzer.Analyze(profile);

        Assert.Equal(2_160_000, result.EnergyToSolutionJ, 6);
        Assert.Equal(3600, result.TimeToSolutionS);
        Assert.Equal(600, result.AveragePowerW, 9);
        Assert.Equal(600, result.PeakPowerW, 9);
        Assert.Equal(2_160_000.0 * 3600, result.EnergyDelayProduct, 1);
        Assert.Equal(2, result.Nodes);
        Assert.All(result.PerNode, n => Assert.Equal(1_080_000, n.EnergyJ, 6));
        Assert.All(result.PerNode, n => Assert.Equal(300, n.AveragePowerW, 9));
    }

    [Fact]
    public void LinearRampIntegratesToTheTriangleArea()
    {
        // 0 W rising to 1000 W over 100 s: 1/2 * 100 s * 1000 W.
        var times = Times(T0, T0 + 100, 10);
        var profile = new InMemoryProfile().Add("0", "cn001", Power(times, t => (t - T0) * 10.0));

        var result = ProfileAnalyzer.Analyze(profile);

        Assert.Equal(50_000, result.EnergyToSolutionJ, 6);
        Assert.Equal(500, result.AveragePowerW, 9);
        Assert.Equal(1000, result.PeakPowerW, 9);
        Assert.Equal(100, result.PeakPowerTimeS);
    }

    [Fact]
    public void OverlappingBatchAndStepZeroOnOneNodeAreCountedOnce()
    {
        var batch = Times(T0, T0 + 3600, 2);
        var step0 = Times(T0 + 600, T0 + 3000, 2);
        var profile = new InMemoryProfile()
            .Add("batch", "cn001", Power(batch, _ => 300))
            .Add("0", "cn001", Power(step0, _ => 300));

        var result = ProfileAnalyzer.Analyze(profile);

        Assert.Equal(1_080_000, result.EnergyToSolutionJ, 6);
        var perStep = result.PerStep.ToDictionary(s => s.Step);
        Assert.Equal(1_080_000, perStep["batch"].EnergyJ, 6);
        Assert.Equal(720_000, perStep["0"].EnergyJ, 6);
        Assert.Equal(["batch", "0"], result.PerStep.Select(s => s.Step));
    }

    [Fact]
    public void OverlappingStepsSampledOutOfPhaseAreMergedIntoOneSeries()
    {
        // batch samples even seconds, step 0 odd seconds: the union is every second, still 300 W.
        var profile = new InMemoryProfile()
            .Add("batch", "cn001", Power(Times(T0, T0 + 1000, 2), _ => 300))
            .Add("0", "cn001", Power(Times(T0 + 1, T0 + 999, 2), _ => 300));

        var result = ProfileAnalyzer.Analyze(profile);

        Assert.Equal(300_000, result.EnergyToSolutionJ, 6);
        Assert.Equal(1001, result.PerNode[0].Samples);
    }

    [Fact]
    public void XccStepCountersAreKeptPerStepAndNeverAddedAcrossOverlappingSteps()
    {
        // 400 W sampled every 10 s; the xcc counter adds 4000 J per row after the first.
        static EnergySeries Xcc(long[] times) => new()
        {
            EpochTime = times,
            Powers = [new("CurrPower", times.Select(_ => 400.0).ToArray())],
            EnergyJ = times.Select((_, i) => i == 0 ? 0.0 : 4000.0).ToArray(),
        };

        var profile = new InMemoryProfile()
            .Add("batch", "cn001", Xcc(Times(T0, T0 + 1000, 10)))
            .Add("0", "cn001", Xcc(Times(T0 + 200, T0 + 800, 10)));

        var result = ProfileAnalyzer.Analyze(profile);

        Assert.Equal(400_000, result.EnergyToSolutionJ, 6);
        var perStep = result.PerStep.ToDictionary(s => s.Step);
        Assert.Equal(400_000, perStep["batch"].CounterEnergyJ!.Value, 6);
        Assert.Equal(400_000, perStep["batch"].EnergyJ, 6);
        Assert.Equal(240_000, perStep["0"].CounterEnergyJ!.Value, 6);
        Assert.Equal(240_000, perStep["0"].EnergyJ, 6);
        Assert.Equal("CurrPower", result.PerNode[0].PowerSource);
    }

    [Fact]
    public void IpmiSocketLabelsAreComponentsNotAddedToNodePower()
    {
        var times = Times(T0, T0 + 100, 1);
        var profile = new InMemoryProfile().Add("batch", "cn001", Powers(times,
            ("NodePower", _ => 500),
            ("Socket0Power", _ => 150),
            ("Socket1Power", _ => 100)));

        var result = ProfileAnalyzer.Analyze(profile);

        Assert.Equal(50_000, result.EnergyToSolutionJ, 6);
        Assert.Equal("NodePower", result.PerNode[0].PowerSource);
        Assert.False(result.PerNode[0].ComponentsOnly);
        var components = result.Components.ToDictionary(c => c.Label);
        Assert.Equal(15_000, components["Socket0Power"].EnergyJ, 6);
        Assert.Equal(10_000, components["Socket1Power"].EnergyJ, 6);
        Assert.Equal(150, components["Socket0Power"].PeakPowerW, 9);
    }

    [Fact]
    public void GpuOnlyNodesSumTheirComponentsAndSaySo()
    {
        var times = Times(T0, T0 + 100, 1);
        var profile = new InMemoryProfile().Add("0", "gpu01", Powers(times,
            ("GPU0Power", _ => 200),
            ("GPU1Power", _ => 100)));

        var result = ProfileAnalyzer.Analyze(profile);

        Assert.Equal(30_000, result.EnergyToSolutionJ, 6);
        Assert.True(result.PerNode[0].ComponentsOnly);
        Assert.Equal("GPU0Power+GPU1Power", result.PerNode[0].PowerSource);
        Assert.Contains(result.Warnings, w => w.Contains("covers those components only", StringComparison.Ordinal));
        Assert.Equal(20_000, result.Components.Single(c => c.Label == "GPU0Power").EnergyJ, 6);
    }

    [Fact]
    public void GapsInSamplingAreBridgedLinearlyAndReported()
    {
        var times = Times(T0, T0 + 100, 1).Concat(Times(T0 + 1000, T0 + 1100, 1)).ToArray();
        var profile = new InMemoryProfile().Add("batch", "cn001", Power(times, _ => 100));

        var result = ProfileAnalyzer.Analyze(profile);

        Assert.Equal(110_000, result.EnergyToSolutionJ, 6);
        Assert.Equal(1100, result.TimeToSolutionS);
        Assert.Contains(result.Warnings, w => w.Contains("gap", StringComparison.Ordinal) && w.Contains("900 s", StringComparison.Ordinal));
    }

    [Fact]
    public void ImplausibleRowsAreDroppedAndCounted()
    {
        long[] times = [T0, T0 + 10, 0, T0 + 10, T0 + 5, T0 + 20, T0 + 30, T0 + 40];
        double[] watts = [100, 100, 100, 100, 100, 250_000, 100, 100];
        var energy = new EnergySeries { EpochTime = times, Powers = [new("NodePower", watts)] };
        var profile = new InMemoryProfile().Add("batch", "cn001", energy);

        var result = ProfileAnalyzer.Analyze(profile);

        // Kept: T0, T0+10, T0+30, T0+40 at 100 W.
        Assert.Equal(4000, result.EnergyToSolutionJ, 6);
        var warning = Assert.Single(result.Warnings, w => w.Contains("dropped", StringComparison.Ordinal));
        Assert.Contains("dropped 4 of 8", warning, StringComparison.Ordinal);
        Assert.Contains("1 with EpochTime 0", warning, StringComparison.Ordinal);
        Assert.Contains("1 duplicate", warning, StringComparison.Ordinal);
        Assert.Contains("1 backwards", warning, StringComparison.Ordinal);
        Assert.Contains("1 with absurd power", warning, StringComparison.Ordinal);
    }

    [Fact]
    public void OneSampleJumpingFarAheadIsDroppedWithoutLosingTheRowsAfterIt()
    {
        // A corrupt row in 2030 between two ordinary seconds: every later row would look "backwards".
        var times = Times(T0, T0 + 50, 1).Append(1_900_000_000).Concat(Times(T0 + 51, T0 + 100, 1)).ToArray();
        var profile = new InMemoryProfile().Add("batch", "cn001", Power(times, _ => 100));

        var result = ProfileAnalyzer.Analyze(profile);

        Assert.Equal(10_000, result.EnergyToSolutionJ, 6);
        Assert.Equal(100, result.TimeToSolutionS);
        Assert.Contains(result.Warnings, w => w.Contains("dropped 1 of 102 power rows: 1 backwards times", StringComparison.Ordinal));
    }

    [Fact]
    public void JobPeakIsThePeakOfTheSumNotTheSumOfPeaks()
    {
        var times = Times(T0, T0 + 60, 1);
        var profile = new InMemoryProfile()
            .Add("batch", "cn001", Power(times, t => t == T0 + 10 ? 500 : 100))
            .Add("batch", "cn002", Power(times, t => t == T0 + 20 ? 500 : 100));

        var result = ProfileAnalyzer.Analyze(profile);

        Assert.Equal(600, result.PeakPowerW, 9);
        Assert.Equal(10, result.PeakPowerTimeS);
        Assert.All(result.PerNode, n => Assert.Equal(500, n.PeakPowerW, 9));
    }

    [Fact]
    public void NodesSampledAtDifferentInstantsAreInterpolatedForTheJobPeak()
    {
        // cn001 samples even seconds, cn002 odd seconds; both a constant 200 W: the sum is 400 W.
        var profile = new InMemoryProfile()
            .Add("batch", "cn001", Power(Times(T0, T0 + 100, 2), _ => 200))
            .Add("batch", "cn002", Power(Times(T0 + 1, T0 + 99, 2), _ => 200));

        var result = ProfileAnalyzer.Analyze(profile);

        Assert.Equal(400, result.PeakPowerW, 9);
    }

    [Fact]
    public void AProfileWithoutPowerSamplesIsRefusedWithTheReason()
    {
        var profile = new InMemoryProfile { Path = "empty.h5" }.Add("batch", "cn001", energy: null);

        var error = Assert.Throws<NoEnergyDataException>(() => ProfileAnalyzer.Analyze(profile));

        Assert.Contains("empty.h5", error.Message, StringComparison.Ordinal);
        Assert.Contains("no energy data", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(2_160_000, "kettle", 18, "minutes", "about the same energy as a kettle for 18 minutes")]
    [InlineData(18_000_000, "washing machine", 5, "cycles", "about the same energy as 5 cycles of a washing machine")]
    [InlineData(3600, "LED bulb", 6, "minutes", "about the same energy as a LED bulb for 6 minutes")]
    public void EnergyIsComparedWithAnApplianceAPersonCanPicture(double joules, string name, double amount, string unit, string description)
    {
        var comparison = ApplianceComparison.For(joules);

        Assert.Equal(name, comparison.Name);
        Assert.Equal(amount, comparison.Amount, 6);
        Assert.Equal(unit, comparison.Unit);
        Assert.Equal(description, comparison.Description);
    }
}
