namespace Bench.Pipeline.Slurm;

/// <summary>One task's dataset (<c>Tasks/&lt;global task id&gt;</c>); a field missing from the file is null.</summary>
public sealed class TaskSeries
{
    public required string TaskId { get; init; }
    public required long[] EpochTime { get; init; }

    /// <summary>kHz.</summary>
    public double[]? CpuFrequency { get; init; }

    /// <summary>CPU-seconds in the interval.</summary>
    public double[]? CpuTime { get; init; }

    /// <summary>Percent, can exceed 100.</summary>
    public double[]? CpuUtilization { get; init; }

    /// <summary>Slurm &gt;= 23.02 only.</summary>
    public double[]? GpuMemMB { get; init; }

    /// <summary>Slurm &gt;= 23.02 only; garbage when GPUs are not tracked.</summary>
    public double[]? GpuUtilization { get; init; }

    /// <summary>KB, current.</summary>
    public double[]? Rss { get; init; }

    /// <summary>KB, current.</summary>
    public double[]? VmSize { get; init; }

    /// <summary>Major faults, cumulative.</summary>
    public double[]? Pages { get; init; }

    /// <summary>MiB read in the interval.</summary>
    public double[]? ReadMB { get; init; }

    /// <summary>MiB written in the interval.</summary>
    public double[]? WriteMB { get; init; }

    public int Length => EpochTime.Length;
}
