using Bench.Pipeline.Analysis;
using Bench.Pipeline.Sinks;
using Bench.Pipeline.Slurm;

namespace Bench.Pipeline.Jobs;

/// <summary>
/// One file end to end: open the profile, load the prices and carbon intensity covering its time,
/// analyse it node by node, and hand the timelines and summary to a sink in one transaction
/// (<c>job_&lt;stem&gt;</c> and its <c>job_summaries</c> row).
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
        CancellationToken cancellationToken = default) =>
        (await RunWithTableAsync(path, tariffs, sink, target, progress, cancellationToken).ConfigureAwait(false)).Result;

    /// <summary>As <see cref="RunAsync"/>, also saying which table took the timeline.</summary>
    public static async Task<SourceOutcome> RunWithTableAsync(
        string path,
        TariffSources tariffs,
        IResultSink? sink = null,
        ResultTarget? target = null,
        IAnalysisProgress? progress = null,
        CancellationToken cancellationToken = default)
    {
        // Without a sink no timeline is built, and every figure comes from power: read Energy alone.
        using var reader = SlurmProfileReader.Open(path, SeriesFor(sink));
        target ??= DefaultTarget(path);
        return await SourceAnalysis.RunAsync(reader, tariffs, sink is null ? null : () => sink.Begin(target), progress, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The series an analysis needs: Energy alone when nothing is stored (every figure comes from power).</summary>
    public static ProfileSeries SeriesFor(IResultSink? sink) => sink is null ? ProfileSeries.EnergyOnly : ProfileSeries.All;

    /// <summary>A local file's identity: its absolute path, no owner.</summary>
    public static ResultTarget DefaultTarget(string path) =>
        new(System.IO.Path.GetFullPath(path), System.IO.Path.GetFileName(path), Owner: null);
}
