using System.Diagnostics.CodeAnalysis;

namespace Bench.Pipeline.Pricing;

/// <summary>
/// The outcome of loading a tariff: a series, or the reason none is available (so the analysis can go on
/// without cost or CO2 and say why). Warnings report degraded but usable results, e.g. a stale cache.
/// </summary>
public sealed class TariffLoadResult
{
    private TariffLoadResult(TariffSeries? series, string? unavailableReason, IReadOnlyList<string> warnings)
    {
        Series = series;
        UnavailableReason = unavailableReason;
        Warnings = warnings;
    }

    /// <summary>The series; null when unavailable.</summary>
    public TariffSeries? Series { get; }

    /// <summary>Why no series is available; null when available.</summary>
    public string? UnavailableReason { get; }

    /// <summary>Things the user should know about an available series.</summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>True when <see cref="Series"/> is set.</summary>
    [MemberNotNullWhen(true, nameof(Series))]
    [MemberNotNullWhen(false, nameof(UnavailableReason))]
    public bool IsAvailable => Series is not null;

    public static TariffLoadResult Available(TariffSeries series, IReadOnlyList<string>? warnings = null)
    {
        ArgumentNullException.ThrowIfNull(series);
        return new TariffLoadResult(series, null, warnings ?? []);
    }

    public static TariffLoadResult Unavailable(string reason)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        return new TariffLoadResult(null, reason, []);
    }

    public override string ToString() =>
        IsAvailable ? $"available ({Series.Count} points)" : $"unavailable: {UnavailableReason}";
}
