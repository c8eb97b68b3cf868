namespace Bench.Pipeline.Pricing;

/// <summary>Where a price or carbon-intensity series comes from (fixed value, CSV file, SMARD, ...).</summary>
public interface ITariffSource
{
    /// <summary>What the values measure (price in EUR/MWh or carbon intensity in gCO2/kWh).</summary>
    TariffQuantity Quantity { get; }

    /// <summary>A short human description, e.g. <c>fixed 100 EUR/MWh</c> or <c>SMARD day-ahead DE-LU hour</c>.</summary>
    string Description { get; }

    /// <summary>
    /// Loads the series covering [<paramref name="fromEpochSeconds"/>, <paramref name="toEpochSeconds"/>].
    /// Remote failures give an unavailable result with a reason rather than an exception.
    /// </summary>
    /// <exception cref="TariffDataException">A local input (e.g. a CSV file) is missing or malformed.</exception>
    /// <exception cref="OperationCanceledException">The caller's token was cancelled.</exception>
    Task<TariffLoadResult> LoadAsync(long fromEpochSeconds, long toEpochSeconds, CancellationToken cancellationToken = default);
}
