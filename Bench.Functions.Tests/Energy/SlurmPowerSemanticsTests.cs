using Bench.Pipeline.Analysis;
using Bench.Pipeline.Energy;
using Bench.Pipeline.Slurm;
using static Bench.Functions.Tests.Energy.InMemoryProfile;

namespace Bench.Functions.Tests.Energy;

/// <summary>Power read as Slurm's plugins mean it (SLURM_PROFILES.md, "What Slurm's source says"); figures by hand.</summary>
public class SlurmPowerSemanticsTests
{
    private const long T0 = 1_700_000_000;
    private const double NoVal = 4_294_967_294;

    private static EnergySeries Series(long[] times, params (string Label, double[] Watts)[] columns) =>
        new() { EpochTime = times, Powers = columns.Select(c => new PowerColumn(c.Label, c.Watts)).ToArray() };

    private static double[] Rapl(long[] times, double watts) => times.Select((_, i) => i == 0 ? 0 : watts).ToArray();

    [Fact]
    public void RaplBaselineRowsMakeNoDipWhereAStepStartsInAMergedFile()
    {
        // 100 W throughout. batch reads every 2 s over 0..100 s; step 0 over 41..61 s. Each step's first row is 0 W.
        // Kept as readings they cost 100 J at 0 s and 100 J at 41 s (9,800 J); read as rapl means them: 100 W x 100 s.
        var batch = Times(T0, T0 + 100, 2);
        var step0 = Times(T0 + 41, T0 + 61, 2);
        var profile = new InMemoryProfile()
            .Add("batch", "cn001", Series(batch, ("Power", Rapl(batch, 100))))
            .Add("0", "cn001", Series(step0, ("Power", Rapl(step0, 100))));

        var result = ProfileAnalyzer.Analyze(profile);

        Assert.Equal(10_000, result.EnergyToSolutionJ, 9);
        Assert.Equal(100, result.PerNode[0].PeakPowerW);
        Assert.Equal(T0, result.StartEpoch);
        Assert.Equal(2_000, result.PerStep.Single(s => s.Step == "0").EnergyJ, 9);
        Assert.Contains(result.Warnings, w => w.StartsWith("rapl: dropped the 0 W first row of 2 node step(s)", StringComparison.Ordinal));
    }

    [Fact]
    public void ARaplNodeStepFileLosesNoHalfIntervalAtItsStart()
    {
        // Readings 100, 200, 300 W at 10, 20, 30 s after the 0 W baseline at 0 s: each is the average since the
        // previous read, so 0..10 s drew 100 W. 1,000 + 1,500 + 2,500 J. Keeping the 0 W row: 4,500; dropping its time: 4,000.
        var times = Times(T0, T0 + 30, 10);
        var profile = new InMemoryProfile().Add("0", "cn001", Series(times, ("Power", [0.0, 100, 200, 300])));

        var result = ProfileAnalyzer.Analyze(profile);

        Assert.Equal(5_000, result.EnergyToSolutionJ, 9);
        Assert.Equal(30, result.TimeToSolutionS);
    }

    [Fact]
    public void RaplPowerIsLabelledCpuPackagesAndDramNotTheNode()
    {
        var times = Times(T0, T0 + 10, 1);
        var profile = new InMemoryProfile()
            .Add("0", "cn001", Series(times, ("Power", Rapl(times, 80))))
            .Add("0", "cn002", Series(times, ("Power", Rapl(times, 80))));

        var result = ProfileAnalyzer.Analyze(profile);
        var report = AnalysisReport.From(result);

        Assert.Equal(PowerScope.CpuPackagesDram, result.PowerScope);
        Assert.All(result.PerNode, n => Assert.Equal(PowerScope.CpuPackagesDram, n.Scope));
        Assert.Equal("cpu_packages_dram", report.PowerScope);
        Assert.All(report.PerNode, n => Assert.Equal("cpu_packages_dram", n.PowerScope));
        Assert.Contains(result.Warnings, w => w.Contains("CPU packages + DRAM (rapl), not the whole node", StringComparison.Ordinal));
    }

    [Fact]
    public void APowerOnlySeriesWhoseFirstRowIsNotZeroKeepsIt()
    {
        // pm_counters and ibmaem write the same field; a first reading that is not 0 W is a reading.
        var times = Times(T0, T0 + 2, 1);
        var profile = new InMemoryProfile().Add("0", "cn001", Series(times, ("Power", [50.0, 100, 100])));

        Assert.Equal(75 + 100, ProfileAnalyzer.Analyze(profile).EnergyToSolutionJ, 9);
    }

    [Theory]
    [InlineData("nodePower")]
    [InlineData("NODEPower")]
    public void IpmiNodeLabelIsTheNodeTotalInAnyCase(string label)
    {
        var times = Times(T0, T0 + 10, 1);
        var profile = new InMemoryProfile().Add("0", "cn001", Powers(times, ("Socket0Power", _ => 40), (label, _ => 300)));

        var result = ProfileAnalyzer.Analyze(profile);

        Assert.Equal(3_000, result.EnergyToSolutionJ, 9);
        Assert.Equal(label, result.PerNode[0].PowerSource);
        Assert.False(result.PerNode[0].ComponentsOnly);
        Assert.Equal(PowerScope.Node, result.PowerScope);
        Assert.Equal(400, Assert.Single(result.Components).EnergyJ, 9);
    }

    [Fact]
    public void IpmiNoValDropsTheFailedFieldButKeepsTheRow()
    {
        // NodePower fails at 2 s: 100, 200, (300 between its neighbours), 400 -> 150 + 250 + 350 = 750 J.
        // Socket0Power keeps its 150 W reading at 2 s: 50 + 100 + 100 = 250 J (dropping the row would give 150 J).
        var times = Times(T0, T0 + 3, 1);
        var profile = new InMemoryProfile().Add("0", "cn001",
            Series(times, ("NodePower", [100.0, 200, NoVal, 400]), ("Socket0Power", [50.0, 50, 150, 50])));

        var result = ProfileAnalyzer.Analyze(profile);

        Assert.Equal(750, result.EnergyToSolutionJ, 9);
        Assert.Equal(400, result.PeakPowerW, 9);
        Assert.Equal(4, result.PerNode[0].Samples);
        Assert.Equal(250, Assert.Single(result.Components).EnergyJ, 9);
        Assert.Contains("node cn001 step 0: 1 failed sensor reading(s) (NO_VAL) dropped from their field, rows kept: 1 NodePower", result.Warnings);
        Assert.DoesNotContain(result.Warnings, w => w.Contains("absurd", StringComparison.Ordinal));
    }

    [Fact]
    public void NoValOnOneGpuOfManyDropsOnlyThatGpusReading()
    {
        // GPU1 fails at 1 s (200 W between its neighbours). Totals 300, 500, 300 W: 400 + 400 = 800 J.
        // Dropping the row would give 600 J; GPU0's own 300 W reading at 1 s is kept: 200 + 200 = 400 J.
        var times = Times(T0, T0 + 2, 1);
        var profile = new InMemoryProfile().Add("0", "cn001",
            Series(times, ("GPU0Power", [100.0, 300, 100]), ("GPU1Power", [200.0, NoVal, 200])));

        var result = ProfileAnalyzer.Analyze(profile);

        Assert.Equal(800, result.EnergyToSolutionJ, 9);
        Assert.Equal(PowerScope.Components, result.PowerScope);
        var components = result.Components.ToDictionary(c => c.Label);
        Assert.Equal(400, components["GPU0Power"].EnergyJ, 9);
        Assert.Equal(400, components["GPU1Power"].EnergyJ, 9);
        Assert.Contains("node cn001 step 0: 1 failed sensor reading(s) (NO_VAL) dropped from their field, rows kept: 1 GPU1Power", result.Warnings);
    }

    [Fact]
    public void ATotalSensorFailingAtTheStartLeavesThoseRowsOutAndSaysSo()
    {
        var times = Times(T0, T0 + 3, 1);
        var profile = new InMemoryProfile().Add("0", "cn001",
            Series(times, ("NodePower", [NoVal, 100, 100, 100]), ("Socket0Power", [10.0, 10, 10, 10])));

        var result = ProfileAnalyzer.Analyze(profile);

        Assert.Equal(200, result.EnergyToSolutionJ, 9);
        Assert.Equal(T0 + 1, result.StartEpoch);
        Assert.Contains(result.Warnings, w => w.Contains("dropped 1 of 4 power rows: 1 whose total sensor failed (NO_VAL)", StringComparison.Ordinal));
    }

    [Fact]
    public void AGpuSeriesOfNothingButZeroWattsIsNoGpuPowerMeasuredNotZeroJoules()
    {
        var times = Times(T0, T0 + 10, 1);
        var profile = new InMemoryProfile()
            .Add("0", "cn001", Powers(times, ("GPU0Power", _ => 0), ("GPU1Power", _ => 0)))
            .Add("0", "cn002", Powers(times, ("GPU0Power", _ => 250), ("GPU1Power", _ => 0)));

        var result = ProfileAnalyzer.Analyze(profile);

        Assert.Equal(["cn002"], result.PerNode.Select(n => n.Node));
        Assert.Equal(2_500, result.EnergyToSolutionJ, 9);
        Assert.Contains(result.Warnings, w => w.StartsWith("node cn001: no GPU power measured", StringComparison.Ordinal));
    }

    [Fact]
    public void AFileWhoseGpusAllReadZeroIsAnErrorSayingNoGpuPowerWasMeasured()
    {
        var times = Times(T0, T0 + 10, 1);
        var profile = new InMemoryProfile()
            .Add("0", "cn001", Powers(times, ("GPU0Power", _ => 0)))
            .Add("0", "cn002", Powers(times, ("GPU0Power", _ => 0), ("GPU1Power", _ => 0)));

        var e = Assert.Throws<NoEnergyDataException>(() => ProfileAnalyzer.Analyze(profile));

        Assert.Contains("no GPU power measured", e.Message, StringComparison.Ordinal);
        Assert.Contains("memory.h5", e.Message, StringComparison.Ordinal);
    }
}
