using System.Globalization;

namespace Bench.Pipeline.Pricing;

/// <summary>The same value at all times, e.g. a contract price or an average grid carbon intensity.</summary>
public sealed class FixedTariffSource : ITariffSource
{
    /// <exception cref="ArgumentOutOfRangeException">The value is NaN or infinite.</exception>
    public FixedTariffSource(TariffQuantity quantity, double value)
    {
        ArgumentNullException.ThrowIfNull(quantity);
        if (!double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "must be a finite number");
        }

        Quantity = quantity;
        Value = value;
    }

    public TariffQuantity Quantity { get; }

    public double Value { get; }

    public string Description => string.Create(CultureInfo.InvariantCulture, $"fixed {Value} {Quantity.ValueUnit}");

    public Task<TariffLoadResult> LoadAsync(long fromEpochSeconds, long toEpochSeconds, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(TariffLoadResult.Available(TariffSeries.Fixed(Value)));
    }
}
