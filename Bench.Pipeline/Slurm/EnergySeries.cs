namespace Bench.Pipeline.Slurm;

/// <summary>
/// One node's Energy dataset for one step, column by column, in file order (not yet cleaned).
/// </summary>
public sealed class EnergySeries
{
    /// <summary>Unix seconds of each sample (the trustworthy time axis).</summary>
    public required long[] EpochTime { get; init; }

    /// <summary>Every <c>*Power</c> field of the dataset, in watts, in field order.</summary>
    public required IReadOnlyList<PowerColumn> Powers { get; init; }

    /// <summary>xcc only: joules since this step's previous read (0 on the first row); null for other plugins.</summary>
    public double[]? EnergyJ { get; init; }

    public int Length => EpochTime.Length;
}

/// <summary>One power field, e.g. <c>NodePower</c>, <c>Socket0Power</c>, <c>CurrPower</c>, <c>Power</c>, <c>GPU0Power</c>.</summary>
public sealed record PowerColumn(string Label, double[] Watts);
