using System.Diagnostics;
using Bench.Functions.Tests.Hdf5;
using Bench.Pipeline.Hdf5;
using Bench.Pipeline.Hdf5Read;
using Bench.Pipeline.Slurm;
using Bench.Pipeline.Slurm.Sample;

namespace Bench.Functions.Tests.Slurm;

public sealed class SampleProfileWriterTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void TheDefaultSampleHasBatchOnTheFirstNodeAndGlobalTaskIds()
    {
        var path = _dir.File("job_31337.h5");
        var options = new SampleProfileOptions { Nodes = 3, TasksPerNode = 2, Hours = 0.05, EnergyIntervalSeconds = 1, TaskIntervalSeconds = 10 };
        var result = SampleProfileWriter.Write(path, options);

        using var reader = SlurmProfileReader.Open(path);
        Assert.Equal("31337", reader.SlurmJobId);
        Assert.Equal(["batch", "0"], reader.Steps);
        Assert.Equal(["cn001", "cn002", "cn003"], reader.Nodes);
        Assert.Equal(SampleProfileWriter.PlannedRows(options), result.Rows);
        Assert.Equal(result.Rows, reader.TotalRows);

        var first = reader.ReadNode("cn001");
        Assert.Equal(["batch", "0"], first.Steps.Select(s => s.Step));
        var batch = first.Steps[0];
        Assert.Equal(["0"], batch.Tasks.Select(t => t.TaskId));

        // batch's "CPUs per Task" is the node's whole allocation: 2 tasks x 1 CPU, though batch runs one task.
        Assert.Equal(new NodeAttributes(0, "cn001", 1, 2, "Mon Mar 04 08:00:00 2024"), batch.Attributes);
        Assert.Equal((2, 1), (first.Steps[1].Attributes.NumberOfTasks, first.Steps[1].Attributes.CpusPerTask));

        // 180 s of batch sampled every second: 181 rows from 08:00:00.
        Assert.Equal(181, batch.Energy!.Length);
        Assert.Equal(1_709_539_200, batch.Energy.EpochTime[0]);
        Assert.Equal(Enumerable.Range(0, 181).Select(i => 1_709_539_200L + i), batch.Energy.EpochTime);

        Assert.Equal(["2", "3"], reader.ReadNode("cn002").Steps.Single().Tasks.Select(t => t.TaskId));
        var third = reader.ReadNode("cn003").Steps.Single();
        Assert.Equal(["4", "5"], third.Tasks.Select(t => t.TaskId));
        Assert.Equal(2, third.Attributes.NodeIndex);
        Assert.Equal(2, third.Attributes.NumberOfTasks);
        Assert.All(reader.Nodes.SelectMany(n => reader.ReadNode(n).Steps), s => Assert.Empty(s.Warnings));

        using var file = H5ReadFile.Open(path);
        Assert.Equal(2, file.Root.ReadInt32Attribute("Number of Steps"));
        var batchGroup = file.Root.OpenGroup("Steps/batch");
        var zeroGroup = file.Root.OpenGroup("Steps/0");
        Assert.Equal(1, batchGroup.ReadInt32Attribute("Number of Nodes"));
        Assert.False(zeroGroup.HasAttribute("Number of Nodes"));
    }

    [Fact]
    public void EveryStepOnANodeRecordsTheSamePowerAtTheSameSecond()
    {
        var path = _dir.File("job_1.h5");
        SampleProfileWriter.Write(path, new SampleProfileOptions { Nodes = 1, Hours = 0.1, EnergyIntervalSeconds = 1 });
        using var reader = SlurmProfileReader.Open(path);
        var steps = reader.ReadNode("cn001").Steps;
        var byTime = steps[0].Energy!.EpochTime.Zip(steps[0].Energy!.Powers[0].Watts).ToDictionary(p => p.First, p => p.Second);
        var zero = steps[1].Energy!;
        Assert.True(zero.Length > 300);
        for (var i = 0; i < zero.Length; i++)
        {
            Assert.Equal(byTime[zero.EpochTime[i]], zero.Powers[0].Watts[i]);
        }

        // Before step 0 starts the node idles (~120 W); inside it the application draws 180-460 W.
        var idle = steps[0].Energy!.Powers[0].Watts.Take(3);
        Assert.All(idle, w => Assert.InRange(w, 100, 140));
        Assert.All(zero.Powers[0].Watts, w => Assert.InRange(w, 170, 470));
    }

    [Fact]
    public void XccEnergyDeltasAddUpToTheTrapezoidOfCurrPower()
    {
        var path = _dir.File("job_2.h5");
        SampleProfileWriter.Write(path, new SampleProfileOptions { Nodes = 2, Hours = 0.2, EnergyIntervalSeconds = 1, Plugin = EnergyPlugin.Xcc });
        using var reader = SlurmProfileReader.Open(path);
        foreach (var step in reader.Nodes.SelectMany(n => reader.ReadNode(n).Steps))
        {
            var energy = step.Energy!;
            var watts = Assert.Single(energy.Powers).Watts;
            Assert.Equal("CurrPower", energy.Powers[0].Label);
            Assert.Equal(0, energy.EnergyJ![0]);
            double trapezoid = 0;
            for (var i = 1; i < energy.Length; i++)
            {
                var interval = (watts[i - 1] + watts[i]) / 2 * (energy.EpochTime[i] - energy.EpochTime[i - 1]);
                trapezoid += interval;
                Assert.InRange(energy.EnergyJ[i], interval - 1, interval + 1);
            }

            Assert.Equal(Math.Round(trapezoid), energy.EnergyJ.Sum());
        }
    }

    [Theory]
    [InlineData(EnergyPlugin.Ipmi, new[] { "NodePower" })]
    [InlineData(EnergyPlugin.IpmiSockets, new[] { "NodePower", "Socket0Power", "Socket1Power" })]
    [InlineData(EnergyPlugin.Rapl, new[] { "Power" })]
    [InlineData(EnergyPlugin.Gpu, new[] { "GPU0Power", "GPU1Power", "GPU2Power", "GPU3Power" })]
    public void EachPluginWritesItsOwnPowerFields(EnergyPlugin plugin, string[] labels)
    {
        var path = _dir.File($"job_{plugin}.h5");
        SampleProfileWriter.Write(path, new SampleProfileOptions { Nodes = 1, Hours = 0.02, Plugin = plugin });
        using var reader = SlurmProfileReader.Open(path);
        var energy = reader.ReadNode("cn001").Steps.Single(s => s.Step == "0").Energy!;
        Assert.Equal(labels, energy.Powers.Select(p => p.Label));
        Assert.Null(energy.EnergyJ);

        // rapl writes 0 W on the first row of every step: the read that only sets its baseline.
        var first = plugin == EnergyPlugin.Rapl ? 1 : 0;
        Assert.All(energy.Powers, p => Assert.All(p.Watts.Take(first), w => Assert.Equal(0, w)));
        Assert.All(energy.Powers.SelectMany(p => p.Watts.Skip(first)), w => Assert.InRange(w, 1, 500));
    }

    [Fact]
    public void TheSameSeedGivesTheSameValuesAndAnotherSeedOthers()
    {
        double[] Read(string name, ulong seed)
        {
            var path = _dir.File(name);
            SampleProfileWriter.Write(path, new SampleProfileOptions { Nodes = 1, Hours = 0.05, Seed = seed });
            using var reader = SlurmProfileReader.Open(path);
            var step = reader.ReadNode("cn001").Steps[0];
            return [.. step.Energy!.Powers[0].Watts, .. step.Tasks[0].CpuUtilization!];
        }

        var a = Read("a.h5", 7);
        Assert.Equal(a, Read("b.h5", 7));
        Assert.NotEqual(a, Read("c.h5", 8));
    }

    [Fact]
    public void LegacyTasksHaveEightFieldsAfterTheTimes()
    {
        var path = _dir.File("job_3.h5");
        SampleProfileWriter.Write(path, new SampleProfileOptions { Nodes = 1, Hours = 0.02, LegacyTasks = true });
        using (var file = H5ReadFile.Open(path))
        {
            var task = file.Root.OpenDataset("Steps/0/Nodes/cn001/Tasks/0");
            Assert.Equal(["ElapsedTime", "EpochTime", "CPUFrequency", "CPUTime", "CPUUtilization", "RSS", "VMSize", "Pages", "ReadMB", "WriteMB"], task.Fields.Select(f => f.Name));
            Assert.Equal([FieldKind.Unsigned, FieldKind.Unsigned, FieldKind.Unsigned, FieldKind.Float, FieldKind.Float, FieldKind.Unsigned, FieldKind.Unsigned, FieldKind.Unsigned, FieldKind.Float, FieldKind.Float], task.Fields.Select(f => f.Kind));
        }

        using var reader = SlurmProfileReader.Open(path);
        var series = reader.ReadNode("cn001").Steps[0].Tasks[0];
        Assert.Null(series.GpuMemMB);
        Assert.NotNull(series.Rss);
    }

    [Fact]
    public void NodeStepLayoutWritesOneFilePerNodeAndStepNamedAsSlurmDoes()
    {
        var dir = _dir.File("profiles");
        var result = SampleProfileWriter.Write(dir, new SampleProfileOptions { Nodes = 2, Hours = 0.02, Layout = ProfileLayout.NodeStep, JobId = 555 });
        Assert.Equal(["555_0_cn001.h5", "555_0_cn002.h5", "555_batch_cn001.h5"], Directory.GetFiles(dir).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal(3, result.Files.Count);

        using var reader = SlurmProfileReader.Open(Path.Combine(dir, "555_0_cn002.h5"));
        Assert.Equal(ProfileLayout.NodeStep, reader.Layout);
        Assert.Equal("555", reader.SlurmJobId);
        Assert.Equal(["0"], reader.Steps);
        Assert.Equal(["cn002"], reader.Nodes);
        Assert.Equal(["2", "3"], reader.ReadNode("cn002").Steps[0].Tasks.Select(t => t.TaskId));
    }

    [Fact]
    public void InvalidOptionsAreRefusedWithEveryProblemNamed()
    {
        var e = Assert.Throws<ArgumentException>(() => SampleProfileWriter.Write(_dir.File("x.h5"), new SampleProfileOptions { Nodes = 0, Steps = ["batch", "zero"] }));
        Assert.Contains("--nodes must be between 1 and 100000 (got 0)", e.Message);
        Assert.Contains("--steps: 'zero' is not a Slurm step name", e.Message);
    }

    [Fact]
    public void H5dumpSeesSlurmsStorageLayout()
    {
        var path = _dir.File("job_4.h5");
        SampleProfileWriter.Write(path, new SampleProfileOptions { Nodes = 1, Hours = 0.01 });
        var info = new ProcessStartInfo("h5dump", ["-p", "-H", "-d", "/Steps/0/Nodes/cn001/Energy", path]) { RedirectStandardOutput = true };
        using var process = Process.Start(info) ?? throw new InvalidOperationException("h5dump (Debian package hdf5-tools) is needed for this test");
        var dump = process.StandardOutput.ReadToEnd();
        process.WaitForExit();

        Assert.Equal(0, process.ExitCode);
        Assert.Contains("H5T_STD_U64LE \"ElapsedTime\";", dump);
        Assert.Contains("H5T_STD_U64LE \"EpochTime\";", dump);
        Assert.Contains("H5T_STD_U64LE \"NodePower\";", dump);
        Assert.Contains("/ ( H5S_UNLIMITED ) }", dump);
        Assert.Contains("CHUNKED ( 10 )", dump);
        Assert.Contains("COMPRESSION DEFLATE { LEVEL 0 }", dump);
        Assert.Contains("FILL_TIME H5D_FILL_TIME_IFSET", dump);
        Assert.Contains("H5D_ALLOC_TIME_INCR", dump);
    }

    [Fact]
    public void TheExternStepIsSpelledAsSlurmSpellsItInEachLayout()
    {
        var dir = _dir.File("steps");
        SampleProfileWriter.Write(dir, new SampleProfileOptions { Nodes = 1, Hours = 0.01, Layout = ProfileLayout.NodeStep, JobId = 77, Steps = ["0", "extern", "batch"] });
        Assert.Equal(["77_0_cn001.h5", "77_4294967292_cn001.h5", "77_batch_cn001.h5"], Directory.GetFiles(dir).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        using (var reader = SlurmProfileReader.Open(Path.Combine(dir, "77_4294967292_cn001.h5")))
        {
            Assert.Equal(["extern"], reader.Steps);
        }

        var merged = _dir.File("job_77.h5");
        SampleProfileWriter.Write(merged, new SampleProfileOptions { Nodes = 1, Hours = 0.01, Steps = ["1", "-4", "batch", "0"] });
        using (var file = H5ReadFile.Open(merged))
        {
            var steps = file.Root.OpenGroup("Steps");
            Assert.Equal(["-4", "0", "1", "batch"], steps.ChildNames().Order(StringComparer.Ordinal));

            // sh5util writes steps sorted and sets "Number of Nodes" on a step when it starts the next: the highest has none.
            foreach (var name in new[] { "-4", "batch", "0" })
            {
                Assert.Equal(1, steps.OpenGroup(name).ReadInt32Attribute("Number of Nodes"));
            }

            Assert.False(steps.OpenGroup("1").HasAttribute("Number of Nodes"));
        }

        using var merge = SlurmProfileReader.Open(merged);
        Assert.Equal(["extern", "batch", "0", "1"], merge.Steps);
    }

    [Fact]
    public void StringAttributesAreStoredWithoutTheirTerminatingNul()
    {
        var path = _dir.File("job_5.h5");
        SampleProfileWriter.Write(path, new SampleProfileOptions { Nodes = 1, Hours = 0.01 });
        var info = new ProcessStartInfo("h5dump", ["-A", "-a", "/Steps/0/Nodes/cn001/Node Name", path]) { RedirectStandardOutput = true };
        using var process = Process.Start(info) ?? throw new InvalidOperationException("h5dump (Debian package hdf5-tools) is needed for this test");
        var dump = process.StandardOutput.ReadToEnd();
        process.WaitForExit();

        Assert.Equal(0, process.ExitCode);
        Assert.Contains("STRSIZE 5;", dump); // strlen("cn001"): Slurm stores no terminator
        Assert.Contains("STRPAD H5T_STR_NULLTERM;", dump);
        using var reader = SlurmProfileReader.Open(path);
        Assert.Equal("cn001", reader.ReadNode("cn001").Steps[0].Attributes.NodeName);
        Assert.Equal("Mon Mar 04 08:00:00 2024", reader.ReadNode("cn001").Steps[0].Attributes.StartTime);
    }

    [Fact]
    public void ARaplSampleHasItsBaselineRowsAndAnalysesWithoutADipAtAnyStepStart()
    {
        var path = _dir.File("job_6.h5");
        SampleProfileWriter.Write(path, new SampleProfileOptions { Nodes = 2, Hours = 0.05, EnergyIntervalSeconds = 1, Plugin = EnergyPlugin.Rapl, Steps = ["batch", "0", "1"] });
        using var reader = SlurmProfileReader.Open(path);
        var timelines = new List<Bench.Pipeline.Timeline.NodeTimeline>();

        var result = Bench.Pipeline.Analysis.ProfileAnalyzer.Analyze(reader, onTimeline: timelines.Add);

        // batch on cn001, steps 0 and 1 on both nodes: 5 node steps, each starting with rapl's 0 W baseline.
        Assert.Contains(result.Warnings, w => w.StartsWith("rapl: dropped the 0 W first row of 5 node step(s)", StringComparison.Ordinal));
        Assert.All(timelines.SelectMany(t => t.PowerW), w => Assert.InRange(w, 100, 500)); // idle is ~110-134 W: no 0 W dip
        Assert.Equal(Bench.Pipeline.Energy.PowerScope.CpuPackagesDram, result.PowerScope);
    }
}
