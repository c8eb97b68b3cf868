using Bench.Pipeline.Pricing;
using Bench.Pipeline.Sinks;
using Bench.Pipeline.Slurm;

namespace Bench.Pipeline.Analysis;

/// <summary>
/// One file end to end: open the profile, load the prices and carbon intensity covering its time,
/// analyse it node by node, and hand the timelines and summary to a sink in one transaction.
/// </summary>
public static class FileAnalysis
{
    /// <param name="path">The HDF5 profile.</param>
    /// <param name="tariffs">Price and carbon sources; an unavailable one leaves its figure out with a warning.</param>
    /// <param name="sink">Where results go; null to only compute them.</param>
    /// <param name="target">The summary row's identity in the sink; defaults to the absolute path.</param>
    /// <param name="progress">Told the file's rows, then the rows read after each node.</param>
    /// <param name="cancellationToken">Stops between nodes; nothing is committed then.</param>
    public static async Task<AnalysisResult> RunAsync(
        string path,
        TariffSources tariffs,
        IResultSink? sink = null,
        ResultTarget? target = null,
        IAnalysisProgress? progress = null,
        CancellationToken cancellationToken = default)
    {
        // Without a sink no timeline is built, and every figure comes from power: read Energy alone.
        using var reader = SlurmProfileReader.Open(path, sink is null ? ProfileSeries.EnergyOnly : ProfileSeries.All);
        progress?.Started(reader.TotalRows);
        var warnings = new List<string>();
        var range = reader.ProbeTimeRange();
        TariffSeries? price = null;
        TariffSeries? carbon = null;
        if (range is { } r)
        {
            price = await LoadAsync(tariffs.Price, r, warnings, cancellationToken).ConfigureAwait(false);
            carbon = await LoadAsync(tariffs.Carbon, r, warnings, cancellationToken).ConfigureAwait(false);
        }

        var options = new AnalysisOptions { Price = price, Carbon = carbon };
        target ??= new ResultTarget(System.IO.Path.GetFullPath(path), System.IO.Path.GetFileName(path), Owner: null);
        using var writer = sink?.Begin(target);
        var rowsRead = progress is null ? null : new RowsProgress(progress);
        var result = ProfileAnalyzer.Analyze(reader, options, writer is null ? null : writer.Write, rowsRead, cancellationToken);
        result = result with { Warnings = [.. result.Warnings, .. warnings] };
        cancellationToken.ThrowIfCancellationRequested();
        writer?.Commit(result, new ResultProvenance(
            price is null ? null : tariffs.Price?.Description,
            carbon is null ? null : tariffs.Carbon?.Description,
            DateTimeOffset.UtcNow));
        return result;
    }

    private static async Task<TariffSeries?> LoadAsync(
        ITariffSource? source,
        (long Start, long End) range,
        List<string> warnings,
        CancellationToken cancellationToken)
    {
        if (source is null)
        {
            return null;
        }

        var loaded = await source.LoadAsync(range.Start, range.End, cancellationToken).ConfigureAwait(false);
        warnings.AddRange(loaded.Warnings);
        if (!loaded.IsAvailable)
        {
            warnings.Add($"no {source.Quantity.Name}: {loaded.UnavailableReason}");
            return null;
        }

        return loaded.Series;
    }

    private sealed class RowsProgress(IAnalysisProgress progress) : IProgress<long>
    {
        public void Report(long value) => progress.RowsRead(value);
    }
}
