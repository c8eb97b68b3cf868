namespace Bench.Pipeline.Slurm;

/// <summary>Which EpochTime values are real sample times (SLURM_PROFILES.md: EpochTime is the time axis).</summary>
public static class EpochTimes
{
    /// <summary>2000-01-01T00:00:00Z: earlier values are uninitialised fields, not samples.</summary>
    public const long Min = 946_684_800;

    /// <summary>2100-01-01T00:00:00Z.</summary>
    public const long Max = 4_102_444_800;

    public static bool IsPlausible(long t) => t >= Min && t < Max;

    /// <summary>EpochTime is read through double; garbage beyond long's range must not wrap into range.</summary>
    public static long FromDouble(double value) =>
        double.IsFinite(value) && value >= 0 && value < Max ? (long)value : 0;
}
