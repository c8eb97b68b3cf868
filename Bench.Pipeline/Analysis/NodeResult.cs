namespace Bench.Pipeline.Analysis;

/// <summary>One node's figures over the union of its steps' samples.</summary>
public sealed record NodeResult(
    string Node,
    double EnergyJ,
    double AveragePowerW,
    double PeakPowerW,
    long StartEpoch,
    long EndEpoch,
    int Samples,
    string PowerSource,
    bool ComponentsOnly,
    IReadOnlyList<ComponentResult> Components)
{
    public double? CostEur { get; init; }
    public double? Co2G { get; init; }

    /// <summary>What <see cref="EnergyJ"/> covers: the node, rapl's CPU packages + DRAM, or components.</summary>
    public Energy.PowerScope Scope { get; init; } = Energy.PowerScope.Node;
}
