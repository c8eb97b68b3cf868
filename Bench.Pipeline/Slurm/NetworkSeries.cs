namespace Bench.Pipeline.Slurm;

/// <summary>OFED counters for the node, delta since the previous read (first row 0).</summary>
public sealed class NetworkSeries
{
    public required long[] EpochTime { get; init; }
    public double[]? PacketsIn { get; init; }
    public double[]? PacketsOut { get; init; }
    public double[]? InMB { get; init; }
    public double[]? OutMB { get; init; }

    public int Length => EpochTime.Length;
}
