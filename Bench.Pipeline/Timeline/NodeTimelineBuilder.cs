using Bench.Pipeline.Energy;
using Bench.Pipeline.Slurm;

namespace Bench.Pipeline.Timeline;

/// <summary>Builds a node's timeline from its merged power and the series of all its steps.</summary>
public static class NodeTimelineBuilder
{
    /// <param name="power">The node's merged power: the timeline's rows.</param>
    /// <param name="data">The node's series, every step.</param>
    /// <param name="frequencyUnits">CPUFrequency's unit in each of <paramref name="data"/>'s steps, in order (<see cref="TaskReadings.DetectFrequencyUnit"/>).</param>
    /// <param name="jobStart">The job's first sample time, where elapsed_s counts from.</param>
    public static NodeTimeline Build(MergedNodePower power, NodeData data, IReadOnlyList<FrequencyUnit> frequencyUnits, long jobStart)
    {
        var timeline = new NodeTimeline(power.Node, power.Steps, power.Length);
        var times = power.Time;
        power.OwnerStep.CopyTo(timeline.StepIndex, 0);
        times.CopyTo(timeline.Epoch, 0);
        power.TotalW.CopyTo(timeline.PowerW, 0);
        Trapezoid.Cumulative(times, power.TotalW).CopyTo(timeline.EnergyJ, 0);
        for (var i = 0; i < times.Length; i++)
        {
            timeline.ElapsedS[i] = times[i] - jobStart;
        }

        AddTasks(timeline, times, data, frequencyUnits);

        // Filesystem and network counters are node-wide: every step records the same, so the most
        // specific step covering a time provides it and the others are not added.
        var node = new IntervalSums(times);
        void Fill(double[] target, long[] seriesTime, int[] rows, double[]? values, SampleKind kind)
        {
            node.Clear();
            node.Add(seriesTime, rows, values, kind);
            node.FillEmpty(target);
        }

        foreach (var step in data.Steps.OrderBy(s => s.Step, StepNames.SpecificityOrder))
        {
            if (step.Filesystem is { } fs)
            {
                var rows = MonotonicTimes.Rows(fs.EpochTime);
                var counting = rows.Length == 0 ? FilesystemCounting.CumulativeSinceStart : IoCounting.Detect(fs, rows);
                var kind = counting == FilesystemCounting.PerInterval ? SampleKind.IntervalAmount : SampleKind.Cumulative;
                if (counting == FilesystemCounting.RawCounters)
                {
                    rows = rows[1..]; // from 0 to the raw counter is no interval's traffic
                }

                Fill(timeline.FsReadMBps, fs.EpochTime, rows, fs.ReadMB, kind);
                Fill(timeline.FsWriteMBps, fs.EpochTime, rows, fs.WriteMB, kind);
                Fill(timeline.FsReadsPerS, fs.EpochTime, rows, fs.Reads, kind);
                Fill(timeline.FsWritesPerS, fs.EpochTime, rows, fs.Writes, kind);
            }

            if (step.Network is { } raw)
            {
                var rows = MonotonicTimes.Rows(raw.EpochTime);
                var net = IoCounting.IsSwapped(raw, rows) ? IoCounting.Unswap(raw) : raw;
                Fill(timeline.NetInMBps, net.EpochTime, rows, net.InMB, SampleKind.IntervalAmount);
                Fill(timeline.NetOutMBps, net.EpochTime, rows, net.OutMB, SampleKind.IntervalAmount);
                Fill(timeline.NetPacketsInPerS, net.EpochTime, rows, net.PacketsIn, SampleKind.IntervalAmount);
                Fill(timeline.NetPacketsOutPerS, net.EpochTime, rows, net.PacketsOut, SampleKind.IntervalAmount);
            }
        }

        return timeline;
    }

    // Tasks are separate processes: their values add up (frequency is averaged).
    private static void AddTasks(NodeTimeline timeline, long[] times, NodeData data, IReadOnlyList<FrequencyUnit> frequencyUnits)
    {
        // CPUFrequency's unit is decided per node-step file (one step's group on this node).
        var tasks = data.Steps.SelectMany((s, i) => s.Tasks.Select(t => TaskReadings.Interpret(t, frequencyUnits[i]))).ToArray();
        if (tasks.Length == 0)
        {
            return;
        }

        var rows = tasks.Select(t => MonotonicTimes.Rows(t.EpochTime)).ToArray();
        var sums = new IntervalSums(times);
        void Column(double[] target, Func<TaskSeries, double[]?> values, SampleKind kind, bool mean = false)
        {
            sums.Clear();
            for (var i = 0; i < tasks.Length; i++)
            {
                sums.Add(tasks[i].EpochTime, rows[i], values(tasks[i]), kind);
            }

            sums.WriteTo(target, mean);
        }

        Column(timeline.CpuUtilization, t => t.CpuUtilization, SampleKind.IntervalAverage);
        Column(timeline.RssKB, t => t.Rss, SampleKind.Current);
        Column(timeline.VmSizeKB, t => t.VmSize, SampleKind.Current);
        Column(timeline.TaskReadMBps, t => t.ReadMB, SampleKind.IntervalAmount);
        Column(timeline.TaskWriteMBps, t => t.WriteMB, SampleKind.IntervalAmount);
        Column(timeline.CpuFrequencyMHz, t => t.CpuFrequency, SampleKind.Current, mean: true);
    }
}
