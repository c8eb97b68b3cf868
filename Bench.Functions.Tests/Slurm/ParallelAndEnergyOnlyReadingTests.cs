using Bench.Functions.Tests.Hdf5;
using Bench.Pipeline.Analysis;
using Bench.Pipeline.Jobs;
using Bench.Pipeline.Hdf5;
using Bench.Pipeline.Slurm;
using Bench.Pipeline.Slurm.Sample;

namespace Bench.Functions.Tests.Slurm;

/// <summary>Nodes read ahead in parallel give the sequential answer; figures without a sink read Energy alone.</summary>
public sealed class ParallelAndEnergyOnlyReadingTests : IDisposable
{
    private const ulong T0 = 1_700_000_000;
    private static readonly H5FieldSpec[] Ipmi = [H5FieldSpec.U64("ElapsedTime"), H5FieldSpec.U64("EpochTime"), H5FieldSpec.U64("NodePower")];
    private static readonly H5FieldSpec[] TaskFields = [H5FieldSpec.U64("ElapsedTime"), H5FieldSpec.U64("EpochTime"), H5FieldSpec.F64("CPUUtilization")];

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void ParallelReadAheadGivesTheSequentialAnswerInNodeOrder()
    {
        var path = _dir.File("job_31.h5");
        SampleProfileWriter.Write(path, new SampleProfileOptions { Nodes = 9, Hours = 0.1, Seed = 7 });

        using var parallel = SlurmProfileReader.Open(path);
        using var sequential = SlurmProfileReader.Open(path);
        var parallelTimelines = new List<string>();
        var sequentialTimelines = new List<string>();
        var a = ProfileAnalyzer.Analyze(parallel, onTimeline: t => parallelTimelines.Add(t.Node));
        var b = ProfileAnalyzer.Analyze(new OneAtATime(sequential), onTimeline: t => sequentialTimelines.Add(t.Node));

        Assert.True(parallel.SupportsParallelReads);
        Assert.Equal(parallel.Nodes, a.PerNode.Select(n => n.Node));
        Assert.Equal(parallel.Nodes, parallelTimelines);
        Assert.Equal(sequentialTimelines, parallelTimelines);
        Assert.Equal(b.PerNode.Select(n => n.EnergyJ), a.PerNode.Select(n => n.EnergyJ));
        Assert.Equal(b.EnergyToSolutionJ, a.EnergyToSolutionJ);
        Assert.Equal(b.PeakPowerW, a.PeakPowerW);
        Assert.Equal(b.Warnings, a.Warnings);
        Assert.Equal(b.Tasks, a.Tasks);
    }

    [Fact]
    public void NodeStreamKeepsOrderAndNeverReadsMoreThanItsWidthAtOnce()
    {
        var path = _dir.File("job_32.h5");
        SampleProfileWriter.Write(path, new SampleProfileOptions { Nodes = 7, Hours = 0.02 });
        using var reader = SlurmProfileReader.Open(path);
        var counting = new CountingSource(reader);

        var nodes = NodeStream.Read(counting, parallelism: 3).Select(n => n.Node).ToList();

        Assert.Equal(reader.Nodes, nodes);
        Assert.InRange(counting.MostAtOnce, 1, 3);
    }

    [Fact]
    public void ANodeThatFailsStopsTheStreamWithItsOwnError()
    {
        var path = _dir.File("job_33.h5");
        SampleProfileWriter.Write(path, new SampleProfileOptions { Nodes = 5, Hours = 0.02 });
        using var reader = SlurmProfileReader.Open(path);
        var failing = new CountingSource(reader, failOn: reader.Nodes[2]);

        var seen = new List<string>();
        var e = Assert.Throws<InvalidDataException>(() =>
        {
            foreach (var node in NodeStream.Read(failing, parallelism: 4))
            {
                seen.Add(node.Node);
            }
        });

        Assert.Equal($"node {reader.Nodes[2]} broken", e.Message);
        Assert.Equal(reader.Nodes.Take(2), seen);
    }

    [Fact]
    public async Task FiguresWithoutASinkReadOnlyEnergyAndStillCountTasks()
    {
        // 250 W for 100 s on one node (25,000 J), 2 tasks: the figures must not depend on reading the tasks.
        var path = _dir.File("job_34.h5");
        var times = Enumerable.Range(0, 51).Select(i => T0 + (ulong)(2 * i)).ToArray();
        using (var b = SlurmFileBuilder.Merged(path))
        using (var node = b.AddNode("0", "cn001", new NodeAttributes(0, "cn001", 2, 1, "Tue Nov 14 22:13:20 2023")))
        {
            node.WriteEnergy(Ipmi, times.Select(t => t - T0).ToArray(), times, times.Select(_ => 250UL).ToArray());
            node.WriteTask("0", TaskFields, new ulong[] { 0, 30 }, new[] { T0, T0 + 30 }, new[] { 50.0, 60.0 });
            node.WriteTask("1", TaskFields, new ulong[] { 0, 30 }, new[] { T0, T0 + 30 }, new[] { 70.0, 80.0 });
        }

        using (var energyOnly = SlurmProfileReader.Open(path, ProfileSeries.EnergyOnly))
        {
            Assert.Equal(51, energyOnly.TotalRows);
            var step = energyOnly.ReadNode("cn001").Steps.Single();
            Assert.Empty(step.Tasks);
            Assert.Equal(2, step.UnreadTasks);
            Assert.NotNull(step.Energy);
            Assert.Equal(51, step.Energy.Length);
        }

        using (var all = SlurmProfileReader.Open(path))
        {
            Assert.Equal(51 + 2 + 2, all.TotalRows);
            Assert.Equal(2, all.ReadNode("cn001").Steps.Single().Tasks.Count);
        }

        var figures = await FileAnalysis.RunAsync(path, TariffSources.None);
        Assert.Equal(25_000, figures.EnergyToSolutionJ, 9);
        Assert.Equal(100, figures.TimeToSolutionS);
        Assert.Equal(2, figures.Tasks);
    }

    /// <summary>Hides <see cref="IProfileSource.SupportsParallelReads"/>, so the analysis reads one node at a time.</summary>
    private sealed class OneAtATime(IProfileSource inner) : IProfileSource
    {
        public string Path => inner.Path;
        public ProfileLayout Layout => inner.Layout;
        public string? SlurmJobId => inner.SlurmJobId;
        public IReadOnlyList<string> Steps => inner.Steps;
        public IReadOnlyList<string> Nodes => inner.Nodes;
        public long TotalRows => inner.TotalRows;
        public IReadOnlyList<string> Warnings => inner.Warnings;
        public (long Start, long End)? ProbeTimeRange() => inner.ProbeTimeRange();
        public NodeData ReadNode(string node) => inner.ReadNode(node);
    }

    /// <summary>Counts how many reads run at once; can fail one node.</summary>
    private sealed class CountingSource(IProfileSource inner, string? failOn = null) : IProfileSource
    {
        private int _now;
        private int _most;

        public int MostAtOnce => _most;
        public string Path => inner.Path;
        public ProfileLayout Layout => inner.Layout;
        public string? SlurmJobId => inner.SlurmJobId;
        public IReadOnlyList<string> Steps => inner.Steps;
        public IReadOnlyList<string> Nodes => inner.Nodes;
        public long TotalRows => inner.TotalRows;
        public IReadOnlyList<string> Warnings => inner.Warnings;
        public bool SupportsParallelReads => true;
        public (long Start, long End)? ProbeTimeRange() => inner.ProbeTimeRange();

        public NodeData ReadNode(string node)
        {
            var now = Interlocked.Increment(ref _now);
            int seen;
            while (now > (seen = Volatile.Read(ref _most)) && Interlocked.CompareExchange(ref _most, now, seen) != seen)
            {
            }

            try
            {
                return node == failOn ? throw new InvalidDataException($"node {node} broken") : inner.ReadNode(node);
            }
            finally
            {
                Interlocked.Decrement(ref _now);
            }
        }
    }
}
