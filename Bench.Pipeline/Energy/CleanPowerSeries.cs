namespace Bench.Pipeline.Energy;

/// <summary>One node's power for one step after cleaning: strictly increasing times, plausible watts.</summary>
public sealed class CleanPowerSeries
{
    public required string Step { get; init; }
    public required long[] Time { get; init; }

    /// <summary>Node total in watts (see <see cref="PowerSelection"/>).</summary>
    public required double[] TotalW { get; init; }

    /// <summary>Component watts, one array per <see cref="ComponentLabels"/> entry.</summary>
    public required double[][] ComponentW { get; init; }

    public required IReadOnlyList<string> ComponentLabels { get; init; }

    /// <summary>xcc: the step's own counter sum (J) over rows with plausible values; null for other plugins.</summary>
    public double? CounterEnergyJ { get; init; }

    public required PowerSelection Selection { get; init; }
    public required DropCounts Dropped { get; init; }

    /// <summary>
    /// A gpu-plugin series that read 0 W on every GPU at every time: NVIDIA and oneapi backends never read
    /// power, so nothing was measured (the series is then empty rather than 0 J).
    /// </summary>
    public bool GpuPowerNotMeasured { get; init; }

    public int Length => Time.Length;
}
