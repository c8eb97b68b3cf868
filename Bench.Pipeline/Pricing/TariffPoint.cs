namespace Bench.Pipeline.Pricing;

/// <summary>
/// One step of a tariff: from <paramref name="StartEpochSeconds"/> until the next point, the value in force is
/// <paramref name="Value"/>; null means the value is missing for that period.
/// </summary>
public readonly record struct TariffPoint(long StartEpochSeconds, double? Value);
