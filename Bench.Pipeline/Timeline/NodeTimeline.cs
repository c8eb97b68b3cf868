namespace Bench.Pipeline.Timeline;

/// <summary>
/// One node's rows of the <c>job_&lt;stem&gt;</c> table: one row per merged power sample time, with the
/// node's task, filesystem and network series aligned to the same times. NaN means "no value"
/// (outside the series' own time range: nothing is extrapolated); sinks write it as NULL.
/// </summary>
public sealed class NodeTimeline
{
    public NodeTimeline(string node, IReadOnlyList<string> steps, int length)
    {
        Node = node;
        Steps = steps;
        Length = length;
        StepIndex = new int[length];
        Epoch = new long[length];
        ElapsedS = new double[length];
        PowerW = new double[length];
        EnergyJ = new double[length];
        PriceEurPerMwh = Nan(length);
        CostEur = Nan(length);
        CarbonGPerKwh = Nan(length);
        Co2G = Nan(length);
        CpuUtilization = Nan(length);
        CpuFrequencyMHz = Nan(length);
        RssKB = Nan(length);
        VmSizeKB = Nan(length);
        TaskReadMBps = Nan(length);
        TaskWriteMBps = Nan(length);
        FsReadMBps = Nan(length);
        FsWriteMBps = Nan(length);
        FsReadsPerS = Nan(length);
        FsWritesPerS = Nan(length);
        NetInMBps = Nan(length);
        NetOutMBps = Nan(length);
        NetPacketsInPerS = Nan(length);
        NetPacketsOutPerS = Nan(length);
    }

    public string Node { get; }
    public IReadOnlyList<string> Steps { get; }
    public int Length { get; }

    /// <summary>Index into <see cref="Steps"/> of the step whose power sample the row took.</summary>
    public int[] StepIndex { get; }

    public long[] Epoch { get; }

    /// <summary>Seconds since the job's first sample.</summary>
    public double[] ElapsedS { get; }

    public double[] PowerW { get; }

    /// <summary>Cumulative joules on this node since its first sample.</summary>
    public double[] EnergyJ { get; }

    public double[] PriceEurPerMwh { get; }

    /// <summary>Cumulative EUR on this node.</summary>
    public double[] CostEur { get; }

    public double[] CarbonGPerKwh { get; }

    /// <summary>Cumulative grams of CO2 on this node.</summary>
    public double[] Co2G { get; }

    /// <summary>Sum over the node's tasks, percent.</summary>
    public double[] CpuUtilization { get; }

    /// <summary>Mean over the node's tasks, MHz (Slurm's kHz or MHz converted; see <see cref="TaskReadings"/>).</summary>
    public double[] CpuFrequencyMHz { get; }

    /// <summary>Sum over the node's tasks, KB.</summary>
    public double[] RssKB { get; }

    public double[] VmSizeKB { get; }
    public double[] TaskReadMBps { get; }
    public double[] TaskWriteMBps { get; }
    public double[] FsReadMBps { get; }
    public double[] FsWriteMBps { get; }
    public double[] FsReadsPerS { get; }
    public double[] FsWritesPerS { get; }
    public double[] NetInMBps { get; }
    public double[] NetOutMBps { get; }
    public double[] NetPacketsInPerS { get; }
    public double[] NetPacketsOutPerS { get; }

    public string StepAt(int row) => Steps[StepIndex[row]];

    private static double[] Nan(int length)
    {
        var a = new double[length];
        Array.Fill(a, double.NaN);
        return a;
    }
}
