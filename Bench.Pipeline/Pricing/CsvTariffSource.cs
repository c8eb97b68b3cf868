namespace Bench.Pipeline.Pricing;

/// <summary>A tariff read from a <c>timestamp,value</c> CSV file (see <see cref="CsvTariffReader"/>).</summary>
public sealed class CsvTariffSource : ITariffSource
{
    public CsvTariffSource(TariffQuantity quantity, string path)
    {
        ArgumentNullException.ThrowIfNull(quantity);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Quantity = quantity;
        Path = path;
    }

    public TariffQuantity Quantity { get; }

    /// <summary>The CSV file.</summary>
    public string Path { get; }

    public string Description => $"{Quantity.Name} CSV {Path}";

    /// <exception cref="TariffDataException">The file is missing or has a bad line.</exception>
    public async Task<TariffLoadResult> LoadAsync(long fromEpochSeconds, long toEpochSeconds, CancellationToken cancellationToken = default)
    {
        var series = await CsvTariffReader.ReadFileAsync(Path, cancellationToken).ConfigureAwait(false);
        var warnings = new List<string>();
        if (series.Count == 0)
        {
            warnings.Add($"{Quantity.Name} CSV '{Path}' has no data rows; no energy will be covered.");
        }
        else if (series[0].StartEpochSeconds > fromEpochSeconds)
        {
            warnings.Add($"{Quantity.Name} CSV '{Path}' starts at {EpochText.Format(series[0].StartEpochSeconds)}, " +
                $"after the job starts at {EpochText.Format(fromEpochSeconds)}; the energy before it is not covered.");
        }

        return TariffLoadResult.Available(series, warnings);
    }
}
