namespace Bench.Pipeline.Timeline;

/// <summary>How a sampled quantity is read between its samples.</summary>
public enum SampleKind
{
    /// <summary>A reading of the moment (RSS, frequency): linear between samples.</summary>
    Current,

    /// <summary>An average over the interval ending at the sample (CPU utilisation): constant over it.</summary>
    IntervalAverage,

    /// <summary>An amount in the interval ending at the sample (MB read): amount / interval length.</summary>
    IntervalAmount,

    /// <summary>A counter since the series' first read (lustre): its difference per second.</summary>
    Cumulative,
}
