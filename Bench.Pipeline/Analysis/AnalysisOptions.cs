using Bench.Pipeline.Pricing;

namespace Bench.Pipeline.Analysis;

/// <summary>What the analysis needs besides the profile.</summary>
public sealed record AnalysisOptions
{
    public static AnalysisOptions Default { get; } = new();

    /// <summary>A gap between samples longer than this many median intervals (and 60 s) is reported.</summary>
    public double GapFactor { get; init; } = 10;

    /// <summary>Electricity price in EUR/MWh over the job's time; null: no cost figures.</summary>
    public TariffSeries? Price { get; init; }

    /// <summary>Carbon intensity in gCO2/kWh; null: no CO2 figures.</summary>
    public TariffSeries? Carbon { get; init; }
}
