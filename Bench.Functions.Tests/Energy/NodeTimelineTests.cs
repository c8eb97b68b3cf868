using Bench.Pipeline.Analysis;
using Bench.Pipeline.Slurm;
using Bench.Pipeline.Timeline;
using static Bench.Functions.Tests.Energy.InMemoryProfile;

namespace Bench.Functions.Tests.Energy;

public class NodeTimelineTests
{
    private const long T0 = 1_700_000_000;

    private static TaskSeries Task(string id, long[] times, Func<long, double> util, Func<long, double>? rss = null, double readMbPerRow = 0) => new()
    {
        TaskId = id,
        EpochTime = times,
        CpuUtilization = times.Select(util).ToArray(),
        CpuFrequency = times.Select(_ => 2_000_000.0).ToArray(),
        Rss = rss is null ? null : times.Select(rss).ToArray(),
        ReadMB = times.Select(_ => readMbPerRow).ToArray(),
    };

    private static NodeTimeline Timeline(InMemoryProfile profile)
    {
        var timelines = new List<NodeTimeline>();
        ProfileAnalyzer.Analyze(profile, onTimeline: timelines.Add);
        return Assert.Single(timelines);
    }

    [Fact]
    public void TaskSeriesAreSummedAtPowerTimesAndNeverExtrapolated()
    {
        var a = Task("0", Times(T0 + 10, T0 + 50, 10), _ => 100, t => 1000 + ((t - T0 - 10) * 100), readMbPerRow: 20);
        var b = Task("1", Times(T0 + 30, T0 + 90, 10), _ => 50);
        var profile = new InMemoryProfile().Add("0", "cn001", Power(Times(T0, T0 + 100, 1), _ => 200), a, b);

        var timeline = Timeline(profile);
        int Row(long t) => Array.IndexOf(timeline.Epoch, t);

        Assert.Equal(101, timeline.Length);
        Assert.True(double.IsNaN(timeline.CpuUtilization[Row(T0 + 5)]));
        Assert.Equal(100, timeline.CpuUtilization[Row(T0 + 10)]);
        Assert.Equal(150, timeline.CpuUtilization[Row(T0 + 35)]);
        Assert.Equal(50, timeline.CpuUtilization[Row(T0 + 90)]);
        Assert.True(double.IsNaN(timeline.CpuUtilization[Row(T0 + 95)]));
        Assert.Equal(2500, timeline.RssKB[Row(T0 + 25)], 9);
        Assert.True(double.IsNaN(timeline.RssKB[Row(T0 + 55)]));
        Assert.Equal(2_000, timeline.CpuFrequencyMHz[Row(T0 + 35)], 9); // 2,000,000 kHz in the file
        Assert.True(double.IsNaN(timeline.TaskReadMBps[Row(T0 + 10)]));
        Assert.Equal(2, timeline.TaskReadMBps[Row(T0 + 15)], 9);
    }

    [Fact]
    public void ATaskSampleJumpingFarAheadDoesNotHideTheRestOfTheTask()
    {
        var times = Times(T0, T0 + 50, 10).Append(1_900_000_000).Concat(Times(T0 + 60, T0 + 100, 10)).ToArray();
        var task = Task("0", times, _ => 80);
        var profile = new InMemoryProfile().Add("0", "cn001", Power(Times(T0, T0 + 100, 1), _ => 200), task);

        var timeline = Timeline(profile);

        Assert.Equal(80, timeline.CpuUtilization[^1]);
        Assert.Equal(80, timeline.CpuUtilization[75]);
    }

    [Fact]
    public void TimelineCarriesCumulativeEnergyAndElapsedSecondsFromTheJobStart()
    {
        var profile = new InMemoryProfile()
            .Add("batch", "cn001", Power(Times(T0 + 5, T0 + 15, 1), _ => 100))
            .Add("batch", "cn000", Power(Times(T0, T0 + 4, 1), _ => 100));
        var timelines = new List<NodeTimeline>();

        ProfileAnalyzer.Analyze(profile, onTimeline: timelines.Add);

        var cn001 = timelines.Single(t => t.Node == "cn001");
        Assert.Equal(5, cn001.ElapsedS[0]);
        Assert.Equal(0, cn001.EnergyJ[0]);
        Assert.Equal(1000, cn001.EnergyJ[^1], 9);
        Assert.Equal("batch", cn001.StepAt(0));
    }

    [Fact]
    public void NodeWideCountersComeFromTheMostSpecificStepAndBecomeRates()
    {
        // Lustre ReadMB is cumulative: batch reads 1 MiB/s over 0..100 s, step 0 records 3 MiB/s over 40..60 s.
        var batchTimes = Times(T0, T0 + 100, 10);
        var stepTimes = Times(T0 + 40, T0 + 60, 10);
        var batch = new NodeStepData("batch", NodeAttributes.Empty, Power(Times(T0, T0 + 100, 1), _ => 100), [],
            new FilesystemSeries { EpochTime = batchTimes, ReadMB = batchTimes.Select(t => (double)(t - T0)).ToArray() },
            new NetworkSeries { EpochTime = batchTimes, InMB = batchTimes.Select(t => t == T0 ? 0 : 20.0).ToArray() }, []);
        var step0 = new NodeStepData("0", NodeAttributes.Empty, null, [],
            new FilesystemSeries { EpochTime = stepTimes, ReadMB = stepTimes.Select(t => 3.0 * (t - T0 - 40)).ToArray() }, null, []);
        var profile = new InMemoryProfile().Add("batch", "cn001", batch).Add("0", "cn001", step0);

        var timeline = Timeline(profile);
        int Row(long t) => Array.IndexOf(timeline.Epoch, t);

        Assert.True(double.IsNaN(timeline.FsReadMBps[Row(T0)]));
        Assert.Equal(1, timeline.FsReadMBps[Row(T0 + 5)], 9);
        Assert.Equal(1, timeline.FsReadMBps[Row(T0 + 40)], 9); // step 0's first row has no interval: batch fills it
        Assert.Equal(3, timeline.FsReadMBps[Row(T0 + 45)], 9);
        Assert.Equal(3, timeline.FsReadMBps[Row(T0 + 60)], 9);
        Assert.Equal(1, timeline.FsReadMBps[Row(T0 + 61)], 9);
        Assert.Equal(2, timeline.NetInMBps[Row(T0 + 95)], 9);
        Assert.True(double.IsNaN(timeline.NetInMBps[Row(T0)]));
    }

    [Fact]
    public void RowsTakeTheStepThatOwnsTheSample()
    {
        var profile = new InMemoryProfile()
            .Add("batch", "cn001", Power(Times(T0, T0 + 10, 1), _ => 100))
            .Add("0", "cn001", Power(Times(T0 + 3, T0 + 6, 1), _ => 100));

        var timeline = Timeline(profile);

        Assert.Equal(["batch", "batch", "batch", "0", "0", "0", "0", "batch", "batch", "batch", "batch"],
            Enumerable.Range(0, timeline.Length).Select(timeline.StepAt));
    }
}
