using Bench.Pipeline.Analysis;
using Bench.Pipeline.Sinks;

namespace Bench.Pipeline.Jobs;

/// <summary>
/// A Slurm job end to end, as <c>analyze</c> reports it: every file analysed on its own as before
/// (<c>job_&lt;stem&gt;</c>, <c>job_summaries</c>), then the job over all files that could be read
/// (<c>slurm_jobs</c> and its timeline). A file that fails is left out of the job and reported; the
/// others go on.
/// </summary>
public static class SlurmJobRunner
{
    /// <param name="job">The job's files.</param>
    /// <param name="tariffs">Price and carbon sources.</param>
    /// <param name="sink">Where results go; null to only compute them.</param>
    /// <param name="progress">A progress receiver per file path, and one for the job pass (given the job's name).</param>
    /// <param name="cancellationToken">Stops between nodes; the file or job in progress is not committed.</param>
    public static Task<JobOutcome> RunAsync(
        JobFiles job,
        TariffSources tariffs,
        IResultSink? sink = null,
        Func<string, IAnalysisProgress?>? progress = null,
        CancellationToken cancellationToken = default) =>
        RunAsync(job, JobAttachments.None, tariffs, sink, progress, cancellationToken);

    /// <summary>As the other overload, with the job's benchmark and counters kept with its result (<c>slurm_jobs.benchmark</c>, <c>perf</c>).</summary>
    /// <param name="job">The job's files.</param>
    /// <param name="attachments">The benchmark and counters; their notes join the job's warnings.</param>
    /// <param name="tariffs">Price and carbon sources.</param>
    /// <param name="sink">Where results go; null to only compute them.</param>
    /// <param name="progress">A progress receiver per file path, and one for the job pass (given the job's name).</param>
    /// <param name="cancellationToken">Stops between nodes; the file or job in progress is not committed.</param>
    public static async Task<JobOutcome> RunAsync(
        JobFiles job,
        JobAttachments attachments,
        TariffSources tariffs,
        IResultSink? sink,
        Func<string, IAnalysisProgress?>? progress,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(attachments);
        var perFile = new List<FileOutcome>(job.Files.Count);
        var analysed = new List<(SlurmJobFile File, SourceOutcome Outcome)>();
        foreach (var file in job.Files)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                var outcome = await FileAnalysis.RunWithTableAsync(file.Path, tariffs, sink, null, progress?.Invoke(file.Path), cancellationToken).ConfigureAwait(false);
                perFile.Add(new FileOutcome(file.Path, outcome.Result, null));
                analysed.Add((file, outcome));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                perFile.Add(new FileOutcome(file.Path, null, e));
            }
        }

        if (analysed.Count == 0)
        {
            return new JobOutcome(job, perFile, null, null) { Benchmark = attachments.Benchmark };
        }

        var included = JobFiles.Of(job.Key, analysed.Select(a => a.File));
        var leftOut = perFile.Where(f => f.Error is not null)
            .Select(f => $"{JobAnalysis.Name(job)}: {Path.GetFileName(f.Path)} could not be read and is left out of the job")
            .Concat(attachments.Perf?.Notes ?? [])
            .ToArray();
        try
        {
            AnalysisResult result;
            if (analysed.Count == 1)
            {
                // One file is its own job: same figures, and its job_<stem> table is the job's timeline (no second copy).
                var (_, only) = analysed[0];
                result = only.Result with { SlurmJobId = job.SlurmJobId, Warnings = [.. only.Result.Warnings, .. leftOut] };
                if (sink is not null)
                {
                    using var writer = sink.BeginJob(Target(JobAnalysis.DefaultTarget(included, only.TableName), attachments));
                    writer.Commit(result, only.Provenance);
                }
            }
            else
            {
                var target = Target(JobAnalysis.DefaultTarget(included), attachments);
                var outcome = await JobAnalysis.RunAsync(included, tariffs, sink, target, progress?.Invoke(JobAnalysis.Name(job)), leftOut, cancellationToken).ConfigureAwait(false);
                result = outcome.Result;
            }

            return new JobOutcome(job, perFile, result, null)
            {
                Benchmark = attachments.Benchmark,
                Perf = attachments.EfficiencyFor(result.EnergyToSolutionJ),
            };
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return new JobOutcome(job, perFile, null, e) { Benchmark = attachments.Benchmark };
        }
    }

    private static JobResultTarget Target(JobResultTarget target, JobAttachments attachments) =>
        target with { Benchmark = attachments.Benchmark, Perf = attachments.Perf };
}
