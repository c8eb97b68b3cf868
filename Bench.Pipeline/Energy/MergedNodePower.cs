namespace Bench.Pipeline.Energy;

/// <summary>
/// One node's power across all its steps, each sample time counted once (every step records the same
/// node-wide power, so overlapping steps must not be added).
/// </summary>
public sealed class MergedNodePower
{
    public required string Node { get; init; }
    public required long[] Time { get; init; }
    public required double[] TotalW { get; init; }

    /// <summary>Index into <see cref="Steps"/> of the step whose sample was kept at each time.</summary>
    public required int[] OwnerStep { get; init; }

    public required IReadOnlyList<string> Steps { get; init; }

    /// <summary>Component watts per label; NaN where the owning step has no such sensor.</summary>
    public required double[][] ComponentW { get; init; }

    public required IReadOnlyList<string> ComponentLabels { get; init; }

    public int Length => Time.Length;
}
