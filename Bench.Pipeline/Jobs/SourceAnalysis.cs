using Bench.Pipeline.Analysis;
using Bench.Pipeline.Pricing;
using Bench.Pipeline.Sinks;
using Bench.Pipeline.Slurm;

namespace Bench.Pipeline.Jobs;

/// <summary>What analysing one profile source produced, and where its timeline went.</summary>
/// <param name="Result">The figures.</param>
/// <param name="TableName">The table that holds its timeline; null without a sink.</param>
/// <param name="Provenance">Where prices and carbon intensity came from, and when.</param>
public sealed record SourceOutcome(AnalysisResult Result, string? TableName, ResultProvenance Provenance);

/// <summary>
/// The orchestration shared by a file and a Slurm job: load the prices and carbon intensity covering the
/// source's time, analyse it node by node, and hand timelines and summary to a writer in one transaction.
/// </summary>
public static class SourceAnalysis
{
    /// <param name="source">An open profile: one file, or a <see cref="JobProfileSource"/>.</param>
    /// <param name="tariffs">Price and carbon sources; an unavailable one leaves its figure out with a warning.</param>
    /// <param name="begin">Opens the writer its results go to; null to only compute them.</param>
    /// <param name="progress">Told the source's rows, then the rows read after each node.</param>
    /// <param name="cancellationToken">Stops between nodes; nothing is committed then.</param>
    public static async Task<SourceOutcome> RunAsync(
        IProfileSource source,
        TariffSources tariffs,
        Func<IResultWriter>? begin,
        IAnalysisProgress? progress,
        CancellationToken cancellationToken)
    {
        progress?.Started(source.TotalRows);
        var warnings = new List<string>();
        var range = source.ProbeTimeRange();
        TariffSeries? price = null;
        TariffSeries? carbon = null;
        if (range is { } r)
        {
            price = await LoadAsync(tariffs.Price, r, warnings, cancellationToken).ConfigureAwait(false);
            carbon = await LoadAsync(tariffs.Carbon, r, warnings, cancellationToken).ConfigureAwait(false);
        }

        var options = new AnalysisOptions { Price = price, Carbon = carbon };
        // The sink writes each node's timeline on its own thread while the next node is analysed.
        using var writer = begin is null ? null : new BackgroundResultWriter(begin());
        var rowsRead = progress is null ? null : new RowsProgress(progress);
        var result = ProfileAnalyzer.Analyze(source, options, writer is null ? null : writer.Write, rowsRead, cancellationToken);
        result = result with { Warnings = [.. result.Warnings, .. warnings] };
        cancellationToken.ThrowIfCancellationRequested();
        var provenance = new ResultProvenance(
            price is null ? null : tariffs.Price?.Description,
            carbon is null ? null : tariffs.Carbon?.Description,
            DateTimeOffset.UtcNow);
        writer?.Commit(result, provenance);
        return new SourceOutcome(result, writer?.TableName, provenance);
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
