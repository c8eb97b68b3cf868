namespace Bench.Pipeline.Slurm;

/// <summary>Lustre counters for the node, cumulative since the step's first read (first row 0).</summary>
public sealed class FilesystemSeries
{
    public required long[] EpochTime { get; init; }
    public double[]? Reads { get; init; }
    public double[]? ReadMB { get; init; }
    public double[]? Writes { get; init; }
    public double[]? WriteMB { get; init; }

    public int Length => EpochTime.Length;
}
