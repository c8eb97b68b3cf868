using Bench.Functions.Tests.Hdf5;
using Bench.Pipeline.Analysis;
using Bench.Pipeline.Hdf5;
using Bench.Pipeline.Jobs;
using Bench.Pipeline.Slurm;
using Bench.Pipeline.Slurm.Sample;

namespace Bench.Functions.Tests.Energy;

/// <summary>The hand-computed energy cases again, written as real Slurm HDF5 files and read back.</summary>
public sealed class ProfileFileAnalysisTests : IDisposable
{
    private const ulong T0 = 1_700_000_000;
    private static readonly H5FieldSpec[] Ipmi = [H5FieldSpec.U64("ElapsedTime"), H5FieldSpec.U64("EpochTime"), H5FieldSpec.U64("NodePower")];
    private static readonly H5FieldSpec[] Xcc =
        [H5FieldSpec.U64("ElapsedTime"), H5FieldSpec.U64("EpochTime"), H5FieldSpec.U64("Energy"), H5FieldSpec.U64("CurrPower")];

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static ulong[] Times(ulong from, ulong to, ulong step)
    {
        var list = new List<ulong>();
        for (var t = from; t <= to; t += step) list.Add(t);
        return list.ToArray();
    }

    private static void Constant(SlurmFileBuilder b, string step, string node, ulong[] times, ulong watts)
    {
        using var writer = b.AddNode(step, node, new NodeAttributes(0, node, 1, 1, "Tue Nov 14 22:13:20 2023"));
        writer.WriteEnergy(Ipmi, times.Select(t => t - times[0]).ToArray(), times, times.Select(_ => watts).ToArray());
    }

    private static Task<AnalysisResult> Analyze(string path) => FileAnalysis.RunAsync(path, TariffSources.None);

    [Fact]
    public async Task ConstantThreeHundredWattsForAnHourOnTwoNodesIsTwoPointOneSixMegajoules()
    {
        var path = _dir.File("job_1001.h5");
        using (var b = SlurmFileBuilder.Merged(path))
        {
            Constant(b, "batch", "cn001", Times(T0, T0 + 3600, 1), 300);
            Constant(b, "batch", "cn002", Times(T0, T0 + 3600, 1), 300);
        }

        var result = await Analyze(path);

        Assert.Equal(2_160_000, result.EnergyToSolutionJ, 6);
        Assert.Equal(3600, result.TimeToSolutionS);
        Assert.Equal("1001", result.SlurmJobId);
        Assert.Equal(ProfileLayout.Merged, result.Layout);
    }

    [Fact]
    public async Task BatchAndStepZeroOverlappingInTheFileAreCountedOnce()
    {
        var path = _dir.File("job_1002.h5");
        using (var b = SlurmFileBuilder.Merged(path))
        {
            Constant(b, "batch", "cn001", Times(T0, T0 + 3600, 2), 300);
            Constant(b, "0", "cn001", Times(T0 + 600, T0 + 3000, 2), 300);
            Constant(b, "0", "cn002", Times(T0 + 600, T0 + 3000, 2), 300);
        }

        var result = await Analyze(path);

        // cn001: 300 W x 3600 s once; cn002: 300 W x 2400 s.
        Assert.Equal(1_080_000 + 720_000, result.EnergyToSolutionJ, 6);
        var steps = result.PerStep.ToDictionary(s => s.Step);
        Assert.Equal(1_080_000, steps["batch"].EnergyJ, 6);
        Assert.Equal(2 * 720_000, steps["0"].EnergyJ, 6);
        Assert.Equal(2, steps["0"].Nodes);
    }

    [Fact]
    public async Task XccCountersInTheFileMatchEachStepsIntegralWithoutAddingOverlaps()
    {
        var path = _dir.File("job_1003.h5");
        using (var b = SlurmFileBuilder.Merged(path))
        {
            foreach (var (step, from, to) in new[] { ("batch", T0, T0 + 1000), ("0", T0 + 200, T0 + 800) })
            {
                var times = Times(from, to, 10);
                using var writer = b.AddNode(step, "cn001");
                writer.WriteEnergy(Xcc, times.Select(t => t - from).ToArray(), times,
                    times.Select((_, i) => i == 0 ? 0UL : 4000UL).ToArray(), times.Select(_ => 400UL).ToArray());
            }
        }

        var result = await Analyze(path);

        Assert.Equal(400_000, result.EnergyToSolutionJ, 6);
        var steps = result.PerStep.ToDictionary(s => s.Step);
        Assert.Equal(400_000, steps["batch"].CounterEnergyJ!.Value, 6);
        Assert.Equal(240_000, steps["0"].CounterEnergyJ!.Value, 6);
    }

    [Fact]
    public async Task GarbageElapsedTimeAndZeroEpochRowsDoNotDisturbTheEnergy()
    {
        var path = _dir.File("4242_0_cn001.h5");
        using (var b = SlurmFileBuilder.NodeStep(path))
        using (var node = b.AddNode("cn001"))
        {
            ulong[] epoch = [0, T0, T0 + 10, T0 + 20, 0];
            node.WriteEnergy(Ipmi, epoch.Select(_ => ulong.MaxValue - 5).ToArray(), epoch, new ulong[] { 999, 100, 100, 100, 999 });
        }

        var result = await Analyze(path);

        Assert.Equal(2000, result.EnergyToSolutionJ, 6);
        Assert.Equal("4242", result.SlurmJobId);
        Assert.Equal(ProfileLayout.NodeStep, result.Layout);
        Assert.Contains(result.Warnings, w => w.Contains("2 with EpochTime 0", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AFileWithNodesButNoEnergySeriesFailsWithTheReason()
    {
        var path = _dir.File("job_1004.h5");
        using (var b = SlurmFileBuilder.Merged(path))
        using (var node = b.AddNode("0", "cn001"))
        {
            node.WriteTask("0", [H5FieldSpec.U64("ElapsedTime"), H5FieldSpec.U64("EpochTime"), H5FieldSpec.F64("CPUUtilization")],
                new ulong[] { 0, 10 }, new[] { T0, T0 + 10 }, new[] { 50.0, 60.0 });
        }

        var error = await Assert.ThrowsAsync<NoEnergyDataException>(() => Analyze(path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("no energy data", error.Message, StringComparison.Ordinal);
    }
}
