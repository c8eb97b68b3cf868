namespace Bench.Pipeline.Pricing;

/// <summary>Running totals of a <see cref="TariffAccumulator"/> at one moment.</summary>
/// <param name="Total">Amount in the quantity's total unit (EUR, gCO2) over the covered energy.</param>
/// <param name="CoveredJoules">Energy integrated where a value was in force.</param>
/// <param name="UncoveredJoules">Energy integrated where the value was missing.</param>
public readonly record struct TariffTotals(double Total, double CoveredJoules, double UncoveredJoules)
{
    /// <summary>All energy seen, covered or not.</summary>
    public double Joules => CoveredJoules + UncoveredJoules;

    /// <summary>Share of the energy that had a value (1 when no energy was seen: nothing is uncovered).</summary>
    public double CoveredFraction => Joules == 0 ? 1.0 : CoveredJoules / Joules;
}
