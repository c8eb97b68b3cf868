namespace Bench.Pipeline.Compare;

/// <summary>
/// One run's figures as a comparison sees them, under the names <c>analyze --json</c> uses; null where the
/// run has no such figure (no prices, no counters, not analysed yet).
/// </summary>
/// <param name="Label">How sentences name the run, e.g. its Slurm job id.</param>
/// <param name="PipelineVersion">The pipeline version that produced the figures, when known.</param>
/// <param name="EnergyToSolutionJ">J.</param>
/// <param name="TimeToSolutionS">s.</param>
/// <param name="AveragePowerW">W.</param>
/// <param name="PeakPowerW">W.</param>
/// <param name="EnergyDelayProduct">J*s.</param>
/// <param name="CostEur">EUR.</param>
/// <param name="Co2G">g of CO2.</param>
/// <param name="GflopsPerW">Energy efficiency from performance counters, GFLOP per J.</param>
public sealed record RunFigures(
    string Label,
    string? PipelineVersion,
    double? EnergyToSolutionJ,
    double? TimeToSolutionS,
    double? AveragePowerW,
    double? PeakPowerW,
    double? EnergyDelayProduct,
    double? CostEur,
    double? Co2G,
    double? GflopsPerW)
{
    /// <summary>The compared figures by wire name, in the order tables print them.</summary>
    public IEnumerable<(string Name, double? Value)> Named()
    {
        yield return ("energy_to_solution_j", EnergyToSolutionJ);
        yield return ("time_to_solution_s", TimeToSolutionS);
        yield return ("average_power_w", AveragePowerW);
        yield return ("peak_power_w", PeakPowerW);
        yield return ("energy_delay_product", EnergyDelayProduct);
        yield return ("cost_eur", CostEur);
        yield return ("co2_g", Co2G);
        yield return ("gflops_per_w", GflopsPerW);
    }
}
