namespace Bench.Pipeline.Analysis;

/// <summary>
/// One step's own figures, summed over its nodes. Steps overlap (batch and step 0 share the first
/// node), so step energies do not add up to the job's energy.
/// </summary>
public sealed record StepResult(
    string Step,
    int Nodes,
    long StartEpoch,
    long EndEpoch,
    double EnergyJ,
    double AveragePowerW,
    double PeakPowerW,
    double? CounterEnergyJ)
{
    public double? CostEur { get; init; }
    public double? Co2G { get; init; }
}
