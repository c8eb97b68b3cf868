using Bench.Functions.Tests.Hdf5;
using Bench.Pipeline.Analysis;
using Bench.Pipeline.Hdf5;
using Bench.Pipeline.Slurm;
using Bench.Pipeline.Slurm.Sample;
using Bench.Pipeline.Timeline;
using static Bench.Functions.Tests.Energy.InMemoryProfile;

namespace Bench.Functions.Tests.Energy;

/// <summary>
/// Task, Lustre and network series read the way the Slurm version that wrote them meant, detected from the data;
/// every rate below is worked out by hand from the rows.
/// </summary>
public sealed class SlurmIoAndTaskReadingTests : IDisposable
{
    private const long T0 = 1_700_000_000;
    private static readonly long[] IoTimes = [T0, T0 + 10, T0 + 20, T0 + 30];
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static (AnalysisResult Result, List<NodeTimeline> Timelines) Analyze(InMemoryProfile profile)
    {
        var timelines = new List<NodeTimeline>();
        var result = ProfileAnalyzer.Analyze(profile, onTimeline: timelines.Add);
        return (result, timelines);
    }

    private static NodeTimeline TimelineWith(FilesystemSeries? fs, NetworkSeries? net = null)
    {
        var step = new NodeStepData("0", NodeAttributes.Empty, Power(Times(T0, T0 + 30, 1), _ => 100), [], fs, net, []);
        return Assert.Single(Analyze(new InMemoryProfile().Add("0", "cn001", step)).Timelines);
    }

    private static double At(NodeTimeline t, double[] column, long time) => column[Array.IndexOf(t.Epoch, time)];

    [Fact]
    public void CpuFrequencyIsStoredInMHzWhetherTheFileWroteKHzOrMHz()
    {
        var taskTimes = Times(T0, T0 + 60, 10);
        TaskSeries Task(double frequency) => new() { TaskId = "0", EpochTime = taskTimes, CpuFrequency = taskTimes.Select(_ => frequency).ToArray() };
        var profile = new InMemoryProfile()
            .Add("0", "cn001", Power(Times(T0, T0 + 60, 1), _ => 100), Task(2_400_000)) // sysfs: kHz
            .Add("0", "cn002", Power(Times(T0, T0 + 60, 1), _ => 100), Task(2_300)); // /proc/cpuinfo: MHz

        var (result, timelines) = Analyze(profile);

        Assert.Equal(2_400, At(timelines[0], timelines[0].CpuFrequencyMHz, T0 + 35), 9);
        Assert.Equal(2_300, At(timelines[1], timelines[1].CpuFrequencyMHz, T0 + 35), 9);
        Assert.Equal("mixed", result.CpuFrequencyUnit);
        Assert.Equal("mixed", AnalysisReport.From(result).CpuFrequencyUnit);
        Assert.Equal("kHz", ProfileAnalyzer.Analyze(new InMemoryProfile().Add("0", "cn001", Power(Times(T0, T0 + 60, 1), _ => 100), Task(2_400_000))).CpuFrequencyUnit);
        Assert.Contains("CPUFrequency read as kHz (sysfs cpuinfo_cur_freq) in 1 node step(s) and MHz (/proc/cpuinfo) in 1, decided per node step from its values; timelines hold MHz", result.Warnings);
    }

    [Fact]
    public void GpuTaskFieldsLoseTheirUninitialisedFirstRowAndSentinels()
    {
        var task = new TaskSeries
        {
            TaskId = "0",
            EpochTime = [T0, T0 + 30, T0 + 60, T0 + 90],
            GpuMemMB = [123_456_789, 1_000, 17_592_186_044_415, 2_000],
            GpuUtilization = [9e18, 50, 1.8446744073709552e19, 4_632_233_691_727_265_792], // the last: 50.0's bits (23.02.0-3)
        };

        var read = TaskReadings.Interpret(task, FrequencyUnit.Unknown);

        Assert.Equal([double.NaN, 1_000, double.NaN, 2_000], read.GpuMemMB!);
        Assert.Equal([double.NaN, 50, double.NaN, double.NaN], read.GpuUtilization!);
    }

    [Fact]
    public void LustreCumulativeSinceTheStepStartBecomesRatesFromTheFirstInterval()
    {
        // 25.11: 0, 10, 30, 60 MiB since the step's first read -> 1, 2, 3 MiB/s.
        var fs = new FilesystemSeries { EpochTime = IoTimes, ReadMB = [0, 10, 30, 60], Reads = [0, 100, 300, 600] };
        var t = TimelineWith(fs);

        Assert.Equal(FilesystemCounting.CumulativeSinceStart, IoCounting.Detect(fs, [0, 1, 2, 3]));
        Assert.Equal(1, At(t, t.FsReadMBps, T0 + 5), 9);
        Assert.Equal(2, At(t, t.FsReadMBps, T0 + 15), 9);
        Assert.Equal(3, At(t, t.FsReadMBps, T0 + 30), 9);
        Assert.Equal(30, At(t, t.FsReadsPerS, T0 + 25), 9);
    }

    [Fact]
    public void LustreRawCountersLeaveTheJumpFromZeroOut()
    {
        // 18.08.6-25.05: first row 0, then the counter since the last stats reset. 0 -> 5,000,000 is no interval's traffic.
        var fs = new FilesystemSeries { EpochTime = IoTimes, ReadMB = [0, 5_000_000, 5_000_020, 5_000_050] };
        var t = TimelineWith(fs);

        Assert.Equal(FilesystemCounting.RawCounters, IoCounting.Detect(fs, [0, 1, 2, 3]));
        Assert.True(double.IsNaN(At(t, t.FsReadMBps, T0 + 5)));
        Assert.Equal(2, At(t, t.FsReadMBps, T0 + 15), 9);
        Assert.Equal(3, At(t, t.FsReadMBps, T0 + 25), 9);
    }

    [Fact]
    public void LustrePerIntervalAmountsAreDividedByTheirInterval()
    {
        // 16.05.4-18.08.5: 10, 20, 5 MiB in each 10 s interval -> 1, 2, 0.5 MiB/s (read as a counter: 1, 1, nothing).
        var fs = new FilesystemSeries { EpochTime = IoTimes, ReadMB = [0, 10, 20, 5] };
        var t = TimelineWith(fs);

        Assert.Equal(FilesystemCounting.PerInterval, IoCounting.Detect(fs, [0, 1, 2, 3]));
        Assert.Equal(1, At(t, t.FsReadMBps, T0 + 5), 9);
        Assert.Equal(2, At(t, t.FsReadMBps, T0 + 15), 9);
        Assert.Equal(0.5, At(t, t.FsReadMBps, T0 + 25), 9);
    }

    [Fact]
    public void SysfsNetworkWithPacketsAndBytesSwappedGivesTheSameRatesAsOfed()
    {
        // ofed: 10 then 20 MiB and 10,000 then 20,000 packets per 10 s -> 1, 2 MiB/s and 1,000, 2,000 packets/s.
        var ofed = new NetworkSeries { EpochTime = IoTimes, InMB = [0, 10, 20, 20], PacketsIn = [0, 10_000, 20_000, 20_000] };

        // sysfs writes bytes into PacketsIn and packets / 65536 into InMB.
        var sysfs = new NetworkSeries
        {
            EpochTime = IoTimes,
            PacketsIn = [0, 10 * 1_048_576, 20 * 1_048_576, 20 * 1_048_576],
            InMB = [0, 10_000 / 65_536.0, 20_000 / 65_536.0, 20_000 / 65_536.0],
        };

        Assert.False(IoCounting.IsSwapped(ofed, [0, 1, 2, 3]));
        Assert.True(IoCounting.IsSwapped(sysfs, [0, 1, 2, 3]));
        foreach (var t in new[] { TimelineWith(null, ofed), TimelineWith(null, sysfs) })
        {
            Assert.Equal(1, At(t, t.NetInMBps, T0 + 5), 9);
            Assert.Equal(2, At(t, t.NetInMBps, T0 + 15), 9);
            Assert.Equal(1_000, At(t, t.NetPacketsInPerS, T0 + 5), 6);
            Assert.Equal(2_000, At(t, t.NetPacketsInPerS, T0 + 20), 6);
        }
    }

    [Fact]
    public void LustreWrittenIntoANetworkDatasetBySlurm1508IsReadAsFilesystem()
    {
        var path = _dir.File("job_1508.h5");
        ulong[] epoch = [.. IoTimes.Select(t => (ulong)t)];
        ulong[] elapsed = [0, 10, 20, 30];
        using (var b = SlurmFileBuilder.Merged(path))
        using (var n = b.AddNode("0", "cn001", new NodeAttributes(0, "cn001", 1, 1, null)))
        {
            n.WriteEnergy(SlurmFields.EnergyFields("NodePower"), elapsed, epoch, new ulong[] { 100, 100, 100, 100 });
            n.WriteSeries(SlurmFields.Network, SlurmFields.FilesystemFields, elapsed, epoch,
                new ulong[] { 0, 100, 300, 600 }, new[] { 0, 10.0, 30, 60 }, new ulong[] { 0, 1, 2, 3 }, new[] { 0, 1.0, 2, 3 });
        }

        using var reader = SlurmProfileReader.Open(path);
        var step = Assert.Single(reader.ReadNode("cn001").Steps);

        Assert.Null(step.Network);
        Assert.Equal([0, 10.0, 30, 60], step.Filesystem!.ReadMB!);
        Assert.Contains(step.Warnings, w => w.Contains("Network holds Lustre fields", StringComparison.Ordinal));
        var timelines = new List<NodeTimeline>();
        ProfileAnalyzer.Analyze(reader, onTimeline: timelines.Add);
        var t = Assert.Single(timelines);
        Assert.Equal(2, At(t, t.FsReadMBps, T0 + 20), 9); // power rows every 10 s: (10, 20] read 20 MiB
        Assert.True(double.IsNaN(At(t, t.NetInMBps, T0 + 20)));
    }
}
