using Bench.Pipeline.Analysis;
using Bench.Pipeline.Sinks;
using Bench.Pipeline.Slurm;

namespace Bench.Pipeline.Jobs;

/// <summary>
/// One Slurm job over all its files at once: each node's steps from every file merged by EpochTime and
/// counted once, the result and its node timeline handed to the sink's job-level tables
/// (<c>slurm_jobs</c>, <c>slurm_job_&lt;id&gt;</c>) in one transaction.
/// </summary>
public static class JobAnalysis
{
    /// <summary>Opens every file of <paramref name="job"/> and analyses them as one job.</summary>
    /// <param name="job">The files, e.g. from <see cref="JobFiles.Group"/> or <see cref="JobFiles.Of"/>.</param>
    /// <param name="tariffs">Price and carbon sources.</param>
    /// <param name="sink">Where the job's row and timeline go; null to only compute them.</param>
    /// <param name="target">The job's identity in the sink; defaults to <see cref="DefaultTarget"/>.</param>
    /// <param name="progress">Told the rows of every file, then the rows read after each node.</param>
    /// <param name="warnings">What the caller already knows about the job (e.g. files left out), kept with its result.</param>
    /// <param name="cancellationToken">Stops between nodes; nothing is committed then.</param>
    public static async Task<SourceOutcome> RunAsync(
        JobFiles job,
        TariffSources tariffs,
        IResultSink? sink = null,
        JobResultTarget? target = null,
        IAnalysisProgress? progress = null,
        IReadOnlyList<string>? warnings = null,
        CancellationToken cancellationToken = default)
    {
        var readers = new List<SlurmProfileReader>(job.Files.Count);
        try
        {
            foreach (var file in job.Files)
            {
                readers.Add(SlurmProfileReader.Open(file.Path, FileAnalysis.SeriesFor(sink)));
            }

            var source = new JobProfileSource(Name(job), job.SlurmJobId, readers, warnings);
            return await RunAsync(source, tariffs, sink, target ?? DefaultTarget(job), progress, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            foreach (var reader in readers)
            {
                reader.Dispose();
            }
        }
    }

    /// <summary>Analyses a job whose sources are already open (the service may hold them cached).</summary>
    public static Task<SourceOutcome> RunAsync(
        JobProfileSource source,
        TariffSources tariffs,
        IResultSink? sink,
        JobResultTarget target,
        IAnalysisProgress? progress,
        CancellationToken cancellationToken) =>
        SourceAnalysis.RunAsync(source, tariffs, sink is null ? null : () => sink.BeginJob(target), progress, cancellationToken);

    /// <summary>A local job's identity: its Slurm job id (or the file's absolute path), its files' absolute paths, no owner.</summary>
    public static JobResultTarget DefaultTarget(JobFiles job, string? sharedTimelineTable = null) => new(
        job.SlurmJobId ?? Path.GetFullPath(job.Key),
        job.SlurmJobId,
        Owner: null,
        job.Files.Select(f => Path.GetFullPath(f.Path)).ToArray(),
        sharedTimelineTable);

    /// <summary>How messages name the job.</summary>
    public static string Name(JobFiles job) => job.SlurmJobId is { } id ? $"Slurm job {id}" : job.Key;
}
