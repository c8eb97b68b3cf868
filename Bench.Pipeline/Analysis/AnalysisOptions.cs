namespace Bench.Pipeline.Analysis;

/// <summary>What the analysis needs besides the profile.</summary>
public sealed record AnalysisOptions
{
    public static AnalysisOptions Default { get; } = new();

    /// <summary>A gap between samples longer than this many median intervals (and 60 s) is reported.</summary>
    public double GapFactor { get; init; } = 10;
}
