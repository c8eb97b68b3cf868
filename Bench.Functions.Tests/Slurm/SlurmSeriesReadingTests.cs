using Bench.Functions.Tests.Hdf5;
using Bench.Pipeline.Hdf5;
using Bench.Pipeline.Slurm;
using Bench.Pipeline.Slurm.Sample;

namespace Bench.Functions.Tests.Slurm;

public sealed class SlurmSeriesReadingTests : IDisposable
{
    private static readonly ulong[] Epoch = [1_600_000_000, 1_600_000_002, 1_600_000_004];
    private static readonly ulong[] Elapsed = [0, 2, 4];
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void IpmiNodePowerIsTheOnlyPowerColumn()
    {
        var step = ReadSingle(n => n.WriteEnergy(SlurmFields.EnergyFields("NodePower"), Elapsed, Epoch, new ulong[] { 300, 310, 320 }));
        var power = Assert.Single(step.Energy!.Powers);
        Assert.Equal("NodePower", power.Label);
        Assert.Equal([300.0, 310, 320], power.Watts);
        Assert.Equal([1_600_000_000L, 1_600_000_002, 1_600_000_004], step.Energy.EpochTime);
        Assert.Null(step.Energy.EnergyJ);
        Assert.Empty(step.Warnings);
    }

    [Fact]
    public void IpmiWithSocketSensorsKeepsEveryPowerFieldInFieldOrder()
    {
        var step = ReadSingle(n => n.WriteEnergy(SlurmFields.EnergyFields("NodePower", "Socket0Power", "Socket1Power"),
            Elapsed, Epoch, new ulong[] { 300, 310, 320 }, new ulong[] { 100, 101, 102 }, new ulong[] { 90, 91, 92 }));
        Assert.Equal(["NodePower", "Socket0Power", "Socket1Power"], step.Energy!.Powers.Select(p => p.Label));
        Assert.Equal([90.0, 91, 92], step.Energy.Powers[2].Watts);
    }

    [Fact]
    public void XccGivesCurrPowerAsPowerAndEnergyAsJoules()
    {
        var step = ReadSingle(n => n.WriteEnergy(SlurmFields.EnergyFields("Energy", "CurrPower"), Elapsed, Epoch, new ulong[] { 0, 610, 630 }, new ulong[] { 300, 310, 320 }));
        var power = Assert.Single(step.Energy!.Powers);
        Assert.Equal("CurrPower", power.Label);
        Assert.Equal([300.0, 310, 320], power.Watts);
        Assert.Equal([0.0, 610, 630], step.Energy.EnergyJ!);
    }

    [Fact]
    public void RaplPowerAndGpuPowersAreRead()
    {
        var rapl = ReadSingle(n => n.WriteEnergy(SlurmFields.EnergyFields("Power"), Elapsed, Epoch, new ulong[] { 1, 2, 3 }));
        Assert.Equal("Power", Assert.Single(rapl.Energy!.Powers).Label);

        var gpu = ReadSingle(n => n.WriteEnergy(SlurmFields.EnergyFields("GPU0Power", "GPU1Power"), Elapsed, Epoch, new ulong[] { 60, 250, 251 }, new ulong[] { 61, 240, 241 }));
        Assert.Equal(["GPU0Power", "GPU1Power"], gpu.Energy!.Powers.Select(p => p.Label));
        Assert.Equal([61.0, 240, 241], gpu.Energy.Powers[1].Watts);
    }

    [Fact]
    public void EnergyFieldsInAnotherOrderWithUnknownFieldsAndDoublePowerAreReadByName()
    {
        IReadOnlyList<H5FieldSpec> fields = [H5FieldSpec.U64("EpochTime"), H5FieldSpec.F64("Temperature"), H5FieldSpec.F64("NodePower"), H5FieldSpec.U64("ElapsedTime")];
        var step = ReadSingle(n => n.WriteEnergy(fields, Epoch, new[] { 40.0, 41, 42 }, new[] { 300.5, 301.5, 302.5 }, Elapsed));
        var power = Assert.Single(step.Energy!.Powers);
        Assert.Equal([300.5, 301.5, 302.5], power.Watts);
        Assert.Equal([1_600_000_000L, 1_600_000_002, 1_600_000_004], step.Energy.EpochTime);
    }

    [Fact]
    public void OddTimesAreHandedOverUncleaned()
    {
        // EpochTime 0, a duplicate, a step backwards and garbage ElapsedTime: cleaning is the engine's job.
        ulong[] epoch = [0, 1_600_000_010, 1_600_000_010, 1_600_000_009];
        var step = ReadSingle(n => n.WriteEnergy(SlurmFields.EnergyFields("NodePower"), new ulong[] { ulong.MaxValue, 1, 2, 3 }, epoch, new ulong[] { 1, 2, 3, 4 }));
        Assert.Equal([0L, 1_600_000_010, 1_600_000_010, 1_600_000_009], step.Energy!.EpochTime);
    }

    [Fact]
    public void EnergyWithoutAPowerFieldIsKeptWithAWarning()
    {
        var step = ReadSingle(n => n.WriteEnergy(SlurmFields.EnergyFields("Temperature"), Elapsed, Epoch, new ulong[] { 1, 2, 3 }));
        Assert.Empty(step.Energy!.Powers);
        Assert.Equal(3, step.Energy.Length);
        Assert.Equal(["node n1 step 0: Energy has no power field (fields: ElapsedTime, EpochTime, Temperature)"], step.Warnings);
    }

    [Fact]
    public void EnergyWithoutEpochTimeIsSkippedWithAWarning()
    {
        var step = ReadSingle(n => n.WriteEnergy([H5FieldSpec.U64("ElapsedTime"), H5FieldSpec.U64("NodePower")], Elapsed, new ulong[] { 1, 2, 3 }));
        Assert.Null(step.Energy);
        Assert.Equal(["node n1 step 0: Energy has no EpochTime field; skipped"], step.Warnings);
    }

    [Fact]
    public void ANodeWithoutEnergyIsReportedAndItsTasksStillRead()
    {
        var step = ReadSingle(n => n.WriteTask("0", SlurmFields.LegacyTaskFields, Task8(1)));
        Assert.Null(step.Energy);
        Assert.Single(step.Tasks);
        Assert.Equal(["node n1 step 0: no Energy series"], step.Warnings);
    }

    [Fact]
    public void LegacyEightFieldTasksHaveNoGpuColumnsAndNoWarning()
    {
        var step = ReadSingle(n =>
        {
            n.WriteEnergy(SlurmFields.EnergyFields("NodePower"), Elapsed, Epoch, new ulong[] { 1, 2, 3 });
            n.WriteTask("1", SlurmFields.LegacyTaskFields, Task8(10));
        });
        var task = Assert.Single(step.Tasks);
        Assert.Equal("1", task.TaskId);
        Assert.Equal([2_400_000.0 + 10, 2_400_000 + 11, 2_400_000 + 12], task.CpuFrequency!);
        Assert.Equal([0.0, 1.5, 3], task.CpuTime!);
        Assert.Equal([0.0, 75, 150], task.CpuUtilization!);
        Assert.Equal([1000.0, 1001, 1002], task.Rss!);
        Assert.Equal([2000.0, 2001, 2002], task.VmSize!);
        Assert.Equal([0.0, 1, 1], task.Pages!);
        Assert.Equal([0.0, 0.25, 0.5], task.ReadMB!);
        Assert.Equal([0.0, 0.125, 0.25], task.WriteMB!);
        Assert.Null(task.GpuMemMB);
        Assert.Null(task.GpuUtilization);
        Assert.Empty(step.Warnings);
    }

    [Fact]
    public void CurrentTenFieldTasksHaveGpuColumnsAndAreOrderedByTaskNumber()
    {
        var step = ReadSingle(n =>
        {
            n.WriteEnergy(SlurmFields.EnergyFields("NodePower"), Elapsed, Epoch, new ulong[] { 1, 2, 3 });
            var c = Task8(0);
            Array[] ten = [c[0], c[1], c[2], c[3], c[4], new ulong[] { 7, 8, 9 }, new[] { 50.0, 60, 70 }, c[5], c[6], c[7], c[8], c[9]];
            n.WriteTask("10", SlurmFields.TaskFields, ten);
            n.WriteTask("2", SlurmFields.TaskFields, ten);
        });
        Assert.Equal(["2", "10"], step.Tasks.Select(t => t.TaskId));
        Assert.Equal([7.0, 8, 9], step.Tasks[0].GpuMemMB!);
        Assert.Equal([50.0, 60, 70], step.Tasks[1].GpuUtilization!);
        Assert.Equal([1000.0, 1001, 1002], step.Tasks[1].Rss!);
    }

    [Fact]
    public void ATaskMissingAFieldGetsNullThereAndAWarning()
    {
        IReadOnlyList<H5FieldSpec> fields = [.. SlurmFields.LegacyTaskFields.Where(f => f.Name != "RSS")];
        var c = Task8(0);
        var step = ReadSingle(n =>
        {
            n.WriteEnergy(SlurmFields.EnergyFields("NodePower"), Elapsed, Epoch, new ulong[] { 1, 2, 3 });
            n.WriteTask("0", fields, c[0], c[1], c[2], c[3], c[4], c[6], c[7], c[8], c[9]);
        });
        var task = Assert.Single(step.Tasks);
        Assert.Null(task.Rss);
        Assert.Equal([2000.0, 2001, 2002], task.VmSize!);
        Assert.Equal(["node n1 step 0: Tasks/0 has no field RSS"], step.Warnings);
    }

    [Fact]
    public void FilesystemAndNetworkCountersAreRead()
    {
        var step = ReadSingle(n =>
        {
            n.WriteEnergy(SlurmFields.EnergyFields("NodePower"), Elapsed, Epoch, new ulong[] { 1, 2, 3 });
            n.WriteSeries("Filesystem", SlurmFields.FilesystemFields, Elapsed, Epoch, new ulong[] { 0, 5, 9 }, new[] { 0, 1.5, 2.5 }, new ulong[] { 0, 1, 2 }, new[] { 0, 0.5, 1 });
            n.WriteSeries("Network", SlurmFields.NetworkFields, Elapsed, Epoch, new ulong[] { 0, 100, 200 }, new ulong[] { 0, 50, 60 }, new[] { 0, 0.4, 0.8 }, new[] { 0, 0.2, 0.24 });
        });
        Assert.Equal([0.0, 5, 9], step.Filesystem!.Reads!);
        Assert.Equal([0.0, 0.5, 1], step.Filesystem.WriteMB!);
        Assert.Equal([0.0, 50, 60], step.Network!.PacketsOut!);
        Assert.Equal([0.0, 0.2, 0.24], step.Network.OutMB!);
        Assert.Equal([1_600_000_000L, 1_600_000_002, 1_600_000_004], step.Network.EpochTime);
    }

    [Fact]
    public void AttributesAreReadAndAnUnreadableOneBecomesNullWithAWarning()
    {
        var path = _dir.File("job_11.h5");
        using (var b = SlurmFileBuilder.Merged(path))
        using (var n = b.AddNode("0", "n1", new NodeAttributes(null, "n1", 4, 2, "Mon Apr 06 04:40:22 2020")))
        {
            n.Group.WriteStringAttribute("Node Index", "first");
            n.WriteEnergy(SlurmFields.EnergyFields("NodePower"), Elapsed, Epoch, new ulong[] { 1, 2, 3 });
        }

        using var reader = SlurmProfileReader.Open(path);
        var step = Assert.Single(reader.ReadNode("n1").Steps);
        Assert.Equal(new NodeAttributes(null, "n1", 4, 2, "Mon Apr 06 04:40:22 2020"), step.Attributes);
        var warning = Assert.Single(step.Warnings);
        Assert.StartsWith("node n1 step 0: attribute 'Node Index' unreadable (", warning);
    }

    [Fact]
    public void EveryStepOfANodeIsReadInStepOrder()
    {
        var path = _dir.File("job_12.h5");
        using (var b = SlurmFileBuilder.Merged(path))
        {
            foreach (var (step, watts) in new[] { ("batch", 111UL), ("0", 222UL) })
            {
                using var n = b.AddNode(step, "n1", new NodeAttributes(0, "n1", 1, 1, null));
                n.WriteEnergy(SlurmFields.EnergyFields("NodePower"), Elapsed, Epoch, new[] { watts, watts, watts });
            }
        }

        using var reader = SlurmProfileReader.Open(path);
        var node = reader.ReadNode("n1");
        Assert.Equal("n1", node.Node);
        Assert.Equal(["batch", "0"], node.Steps.Select(s => s.Step));
        Assert.Equal([111.0, 111, 111], node.Steps[0].Energy!.Powers[0].Watts);
        Assert.Equal([222.0, 222, 222], node.Steps[1].Energy!.Powers[0].Watts);
    }

    /// <summary>Legacy task columns: CPUFrequency 2.4 GHz + offset + i, CPUTime 1.5 i, CPUUtilization 75 i, RSS 1000+i, VMSize 2000+i, Pages, ReadMB 0.25 i, WriteMB 0.125 i.</summary>
    private static Array[] Task8(ulong offset) =>
    [
        Elapsed, Epoch,
        new ulong[] { 2_400_000 + offset, 2_400_001 + offset, 2_400_002 + offset },
        new[] { 0, 1.5, 3 }, new[] { 0, 75.0, 150 },
        new ulong[] { 1000, 1001, 1002 }, new ulong[] { 2000, 2001, 2002 }, new ulong[] { 0, 1, 1 },
        new[] { 0, 0.25, 0.5 }, new[] { 0, 0.125, 0.25 },
    ];

    private NodeStepData ReadSingle(Action<SlurmNodeWriter> write)
    {
        var path = _dir.File($"job_{Guid.NewGuid():N}.h5");
        using (var b = SlurmFileBuilder.Merged(path))
        using (var n = b.AddNode("0", "n1", new NodeAttributes(0, "n1", 1, 1, null)))
        {
            write(n);
        }

        using var reader = SlurmProfileReader.Open(path);
        return Assert.Single(reader.ReadNode("n1").Steps);
    }
}
