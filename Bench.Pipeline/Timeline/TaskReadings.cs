using Bench.Pipeline.Slurm;

namespace Bench.Pipeline.Timeline;

/// <summary>The unit Slurm wrote CPUFrequency in for one node-step file.</summary>
public enum FrequencyUnit
{
    /// <summary>No positive value to decide from.</summary>
    Unknown,

    /// <summary>From sysfs <c>cpuinfo_cur_freq</c>.</summary>
    KHz,

    /// <summary>From <c>/proc/cpuinfo</c>, Slurm's fallback (the real files we hold show 2300).</summary>
    MHz,
}

/// <summary>
/// Reads task series as Slurm means them: CPUFrequency in MHz whichever unit the file used, and the GPU
/// fields (Slurm &gt;= 23.02) without their uninitialised first row and "no data" sentinels.
/// </summary>
public static class TaskReadings
{
    /// <summary>No CPU runs at 100 GHz nor at 100 MHz: frequencies above this are kHz, at or below MHz.</summary>
    public const double KHzAbove = 100_000;

    /// <summary>GPUMemMB when GPUs are tracked without data (NO_VAL64 shifted to MB).</summary>
    public const double GpuMemSentinel = 17_592_186_044_415;

    /// <summary>GPUUtilization when tracked without data: 2^64 as a double.</summary>
    public const double GpuUtilizationSentinel = 1.8446744073709552e19;

    /// <summary>Percent over every GPU of a task; above it the value is raw integer bits (23.02.0-23.02.3) or garbage.</summary>
    public const double MaxGpuUtilization = 100_000;

    /// <summary>The unit of one node-step file's CPUFrequency, from the majority of its tasks' positive values.</summary>
    public static FrequencyUnit DetectFrequencyUnit(IEnumerable<TaskSeries> tasks)
    {
        long above = 0, below = 0;
        foreach (var task in tasks)
        {
            foreach (var f in task.CpuFrequency ?? [])
            {
                if (f > KHzAbove) above++;
                else if (f > 0) below++;
            }
        }

        return above + below == 0 ? FrequencyUnit.Unknown : above > below ? FrequencyUnit.KHz : FrequencyUnit.MHz;
    }

    /// <summary>The task with CPUFrequency in MHz (0 = not read = missing) and the GPU fields' garbage as NaN.</summary>
    public static TaskSeries Interpret(TaskSeries task, FrequencyUnit unit) => new()
    {
        TaskId = task.TaskId,
        EpochTime = task.EpochTime,
        CpuFrequency = task.CpuFrequency?.Select(f => f > 0 && double.IsFinite(f) ? (unit == FrequencyUnit.KHz ? f / 1000 : f) : double.NaN).ToArray(),
        CpuTime = task.CpuTime,
        CpuUtilization = task.CpuUtilization,
        GpuMemMB = Missing(task.GpuMemMB, v => v >= GpuMemSentinel),
        GpuUtilization = Missing(task.GpuUtilization, v => v >= GpuUtilizationSentinel || v > MaxGpuUtilization),
        Rss = task.Rss,
        VmSize = task.VmSize,
        Pages = task.Pages,
        ReadMB = task.ReadMB,
        WriteMB = task.WriteMB,
    };

    public static string Describe(FrequencyUnit unit) => unit switch
    {
        FrequencyUnit.KHz => "kHz (sysfs cpuinfo_cur_freq)",
        FrequencyUnit.MHz => "MHz (/proc/cpuinfo)",
        _ => "unknown (no positive value)",
    };

    // The first row is never initialised; negative or non-finite values are garbage too.
    private static double[]? Missing(double[]? values, Func<double, bool> sentinel) =>
        values?.Select((v, i) => i == 0 || !double.IsFinite(v) || v < 0 || sentinel(v) ? double.NaN : v).ToArray();
}
