using Bench.Pipeline.Hdf5;

namespace Bench.Pipeline.Slurm.Sample;

/// <summary>
/// Generates and appends one node's series for one step, <see cref="BlockRows"/> rows at a time, so a
/// 24 h, 1 s profile never sits in memory whole.
/// </summary>
internal sealed class SampleSeriesWriter(SampleProfileOptions options, SampleStepPlan step, SyntheticSignals signals, Action<int> rowsWritten, CancellationToken cancellationToken)
{
    internal const int BlockRows = 8192;

    private bool IsBatch => step.Name == StepNames.Batch;

    internal static IReadOnlyList<H5FieldSpec> EnergyFields(SampleProfileOptions o) => o.Plugin switch
    {
        EnergyPlugin.Ipmi => SlurmFields.EnergyFields("NodePower"),
        EnergyPlugin.IpmiSockets => SlurmFields.EnergyFields("NodePower", "Socket0Power", "Socket1Power"),
        EnergyPlugin.Xcc => SlurmFields.EnergyFields(SlurmFields.XccEnergy, "CurrPower"),
        EnergyPlugin.Rapl => SlurmFields.EnergyFields("Power"),
        _ => SlurmFields.EnergyFields([.. Enumerable.Range(0, o.GpusPerNode).Select(g => $"GPU{g}Power")]),
    };

    internal void WriteEnergy(SlurmNodeWriter node)
    {
        var interval = options.EnergyIntervalSeconds;
        var fields = EnergyFields(options);
        using var writer = node.CreateSeries(SlurmFields.Energy, fields);
        double exactJoules = 0;
        long emittedJoules = 0;
        long previous = step.Start;
        Stream(writer, fields, step.Ticks(interval), interval, (k, t, row, cols) =>
        {
            switch (options.Plugin)
            {
                case EnergyPlugin.Ipmi:
                    U(cols, 2)[row] = signals.NodeWatts(t);
                    break;
                case EnergyPlugin.IpmiSockets:
                    U(cols, 2)[row] = signals.NodeWatts(t);
                    U(cols, 3)[row] = signals.SocketWatts(0, t);
                    U(cols, 4)[row] = signals.SocketWatts(1, t);
                    break;
                case EnergyPlugin.Xcc:
                    // The counter's delta: trapezoid of the per-second draw since the previous read, rounded so
                    // that the deltas of a step add up to the rounded exact total.
                    for (var s = previous; s < t; s++)
                    {
                        exactJoules += (signals.NodeWatts(s) + signals.NodeWatts(s + 1)) / 2.0;
                    }

                    var total = (long)Math.Round(exactJoules);
                    U(cols, 2)[row] = (ulong)(total - emittedJoules);
                    emittedJoules = total;
                    U(cols, 3)[row] = signals.NodeWatts(t);
                    break;
                case EnergyPlugin.Rapl:
                    // The first read of a step only sets rapl's baseline: Slurm writes 0 W.
                    U(cols, 2)[row] = k == 0 ? 0 : AverageWatts(previous, t);
                    break;
                default:
                    for (var g = 0; g < options.GpusPerNode; g++)
                    {
                        U(cols, 2 + g)[row] = signals.GpuWatts(g, t);
                    }

                    break;
            }

            previous = t;
        });
    }

    internal void WriteTask(SlurmNodeWriter node, int globalTaskId)
    {
        var interval = options.TaskIntervalSeconds;
        var fields = options.LegacyTasks ? SlurmFields.LegacyTaskFields : SlurmFields.TaskFields;
        var gpu = options.Plugin == EnergyPlugin.Gpu;
        var names = fields.Select(f => f.Name).ToList();
        int frequency = names.IndexOf("CPUFrequency"), cpuTime = names.IndexOf("CPUTime"), cpuUtil = names.IndexOf("CPUUtilization");
        int gpuMem = names.IndexOf("GPUMemMB"), gpuUtil = names.IndexOf("GPUUtilization"), rssAt = names.IndexOf("RSS");
        int vmSize = names.IndexOf("VMSize"), pagesAt = names.IndexOf("Pages"), readMb = names.IndexOf("ReadMB"), writeMb = names.IndexOf("WriteMB");
        ulong pages = 0;
        var growth = 1 + signals.Unit(0x7A5C, globalTaskId);
        var ticks = step.Ticks(interval);
        using var writer = node.CreateTask(globalTaskId.ToString(System.Globalization.CultureInfo.InvariantCulture), fields);
        Stream(writer, fields, ticks, interval, (k, t, row, cols) =>
        {
            var noise = signals.Unit(0x7A00 + (ulong)globalTaskId, k);
            var busy = !IsBatch && signals.Busy(t);
            var computing = busy && signals.Computing(t);
            var utilization = k == 0 ? 0 : IsBatch ? 0.5 + (1.5 * noise) : computing ? (97 + (3 * noise)) * options.CpusPerTask : busy ? (40 + (30 * noise)) * options.CpusPerTask : 1 + (2 * noise);
            U(cols, frequency)[row] = (ulong)(2_400_000 + (computing ? 600_000 : 0) + (50_000 * noise));
            D(cols, cpuTime)[row] = utilization / 100 * interval;
            D(cols, cpuUtil)[row] = utilization;
            if (!options.LegacyTasks)
            {
                U(cols, gpuMem)[row] = gpu && busy ? (ulong)(16_000 + (2_000 * noise)) : 0;
                D(cols, gpuUtil)[row] = gpu && busy ? 85 + (15 * noise) : 0;
            }

            var rss = (ulong)(1_500_000 + (3_000_000 * growth * k / Math.Max(1, ticks - 1)) + (50_000 * noise));
            U(cols, rssAt)[row] = rss;
            U(cols, vmSize)[row] = (rss * 8 / 5) + 2_000_000;
            pages += noise < 0.05 ? 1 + (ulong)(200 * noise) : 0;
            U(cols, pagesAt)[row] = pages;
            D(cols, readMb)[row] = k == 0 ? 0 : Math.Round(busy ? 5 * noise : 0.1 * noise, 3);
            D(cols, writeMb)[row] = k == 0 ? 0 : Math.Round(busy ? 2 * signals.Unit(0x3B17, (globalTaskId * 1_000_003L) + k) : 0, 3);
        });
    }

    internal void WriteFilesystem(SlurmNodeWriter node)
    {
        ulong reads = 0, writes = 0;
        double readMb = 0, writeMb = 0;
        var fields = SlurmFields.FilesystemFields;
        using var writer = node.CreateSeries(SlurmFields.Filesystem, fields);
        Stream(writer, fields, step.Ticks(options.TaskIntervalSeconds), options.TaskIntervalSeconds, (k, t, row, cols) =>
        {
            if (k > 0)
            {
                var busy = signals.Busy(t);
                var r = (ulong)((busy ? 20 : 0) + (30 * signals.Unit(0xF5A, k)));
                var w = (ulong)((busy ? 5 : 0) + (10 * signals.Unit(0xF5B, k)));
                reads += r;
                writes += w;
                readMb += r * 0.25;
                writeMb += w * 0.5;
            }

            U(cols, 2)[row] = reads;
            D(cols, 3)[row] = readMb;
            U(cols, 4)[row] = writes;
            D(cols, 5)[row] = writeMb;
        });
    }

    internal void WriteNetwork(SlurmNodeWriter node)
    {
        var fields = SlurmFields.NetworkFields;
        using var writer = node.CreateSeries(SlurmFields.Network, fields);
        Stream(writer, fields, step.Ticks(options.TaskIntervalSeconds), options.TaskIntervalSeconds, (k, t, row, cols) =>
        {
            var busy = signals.Busy(t);
            var packetsIn = k == 0 ? 0 : (ulong)((busy ? 20_000 : 0) + (30_000 * signals.Unit(0x1B0, k)));
            var packetsOut = k == 0 ? 0 : (ulong)((busy ? 20_000 : 0) + (30_000 * signals.Unit(0x1B1, k)));
            U(cols, 2)[row] = packetsIn;
            U(cols, 3)[row] = packetsOut;
            D(cols, 4)[row] = packetsIn * 0.004;
            D(cols, 5)[row] = packetsOut * 0.004;
        });
    }

    private ulong AverageWatts(long previous, long t)
    {
        double sum = 0;
        for (var s = previous + 1; s <= t; s++)
        {
            sum += signals.NodeWatts(s);
        }

        return (ulong)Math.Round(sum / (t - previous));
    }

    /// <summary>Fills and appends rows block by block; the time fields are filled here.</summary>
    private void Stream(H5TableWriter writer, IReadOnlyList<H5FieldSpec> fields, long ticks, int interval, Action<long, long, int, Array[]> fillRow)
    {
        var block = (int)Math.Min(BlockRows, Math.Max(ticks, 1));
        var columns = fields.Select(f => f.Kind == H5ScalarKind.Float64 ? (Array)new double[block] : new ulong[block]).ToArray();
        for (long first = 0; first < ticks; first += block)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var count = (int)Math.Min(block, ticks - first);
            for (var row = 0; row < count; row++)
            {
                var k = first + row;
                var t = step.Start + (k * interval);
                U(columns, 0)[row] = (ulong)(k * interval);
                U(columns, 1)[row] = (ulong)t;
                fillRow(k, t, row, columns);
            }

            writer.Append(columns, 0, count);
            rowsWritten(count);
        }
    }

    private static ulong[] U(Array[] columns, int i) => (ulong[])columns[i];

    private static double[] D(Array[] columns, int i) => (double[])columns[i];
}
