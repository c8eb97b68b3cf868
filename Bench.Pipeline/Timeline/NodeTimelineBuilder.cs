using Bench.Pipeline.Energy;
using Bench.Pipeline.Slurm;

namespace Bench.Pipeline.Timeline;

/// <summary>Builds a node's timeline from its merged power and the series of all its steps.</summary>
public static class NodeTimelineBuilder
{
    public static NodeTimeline Build(MergedNodePower power, NodeData data, long jobStart)
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

        var frequencyCount = new int[times.Length];
        foreach (var step in data.Steps)
        {
            foreach (var task in step.Tasks)
            {
                AddTask(timeline, times, task, frequencyCount);
            }
        }

        for (var i = 0; i < times.Length; i++)
        {
            if (frequencyCount[i] > 0)
            {
                timeline.CpuFrequencyKHz[i] /= frequencyCount[i];
            }
        }

        // Filesystem and network counters are node-wide: every step records the same, so the most
        // specific step covering a time provides it and the others are not added.
        foreach (var step in data.Steps.OrderBy(s => s.Step, Comparer<string>.Create(StepNames.Compare)))
        {
            if (step.Filesystem is { } fs)
            {
                var rows = SeriesAligner.UsableRows(fs.EpochTime);
                Fill(timeline.FsReadMBps, times, fs.EpochTime, fs.ReadMB, rows, SampleKind.Cumulative);
                Fill(timeline.FsWriteMBps, times, fs.EpochTime, fs.WriteMB, rows, SampleKind.Cumulative);
                Fill(timeline.FsReadsPerS, times, fs.EpochTime, fs.Reads, rows, SampleKind.Cumulative);
                Fill(timeline.FsWritesPerS, times, fs.EpochTime, fs.Writes, rows, SampleKind.Cumulative);
            }

            if (step.Network is { } net)
            {
                var rows = SeriesAligner.UsableRows(net.EpochTime);
                Fill(timeline.NetInMBps, times, net.EpochTime, net.InMB, rows, SampleKind.IntervalAmount);
                Fill(timeline.NetOutMBps, times, net.EpochTime, net.OutMB, rows, SampleKind.IntervalAmount);
                Fill(timeline.NetPacketsInPerS, times, net.EpochTime, net.PacketsIn, rows, SampleKind.IntervalAmount);
                Fill(timeline.NetPacketsOutPerS, times, net.EpochTime, net.PacketsOut, rows, SampleKind.IntervalAmount);
            }
        }

        return timeline;
    }

    private static void AddTask(NodeTimeline timeline, long[] times, TaskSeries task, int[] frequencyCount)
    {
        var rows = SeriesAligner.UsableRows(task.EpochTime);
        Sum(timeline.CpuUtilization, times, task.EpochTime, task.CpuUtilization, rows, SampleKind.IntervalAverage);
        Sum(timeline.RssKB, times, task.EpochTime, task.Rss, rows, SampleKind.Current);
        Sum(timeline.VmSizeKB, times, task.EpochTime, task.VmSize, rows, SampleKind.Current);
        Sum(timeline.TaskReadMBps, times, task.EpochTime, task.ReadMB, rows, SampleKind.IntervalAmount);
        Sum(timeline.TaskWriteMBps, times, task.EpochTime, task.WriteMB, rows, SampleKind.IntervalAmount);
        if (task.CpuFrequency is { } frequency)
        {
            var target = timeline.CpuFrequencyKHz;
            SeriesAligner.Align(times, task.EpochTime, frequency, rows, SampleKind.Current, (i, v) =>
            {
                target[i] = double.IsNaN(target[i]) ? v : target[i] + v;
                frequencyCount[i]++;
            });
        }
    }

    private static void Sum(double[] target, long[] times, long[] seriesTime, double[]? values, int[] rows, SampleKind kind)
    {
        if (values is null)
        {
            return;
        }

        SeriesAligner.Align(times, seriesTime, values, rows, kind, (i, v) =>
            target[i] = double.IsNaN(target[i]) ? v : target[i] + v);
    }

    private static void Fill(double[] target, long[] times, long[] seriesTime, double[]? values, int[] rows, SampleKind kind)
    {
        if (values is null)
        {
            return;
        }

        SeriesAligner.Align(times, seriesTime, values, rows, kind, (i, v) =>
        {
            if (double.IsNaN(target[i]))
            {
                target[i] = v;
            }
        });
    }
}
