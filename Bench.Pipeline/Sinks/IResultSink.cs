using Bench.Pipeline.Analysis;
using Bench.Pipeline.Timeline;

namespace Bench.Pipeline.Sinks;

/// <summary>Where analysis results go: DuckDB locally, PostgreSQL in the service.</summary>
public interface IResultSink : IDisposable
{
    /// <summary>
    /// Starts writing one source's results. Nothing is visible to readers until
    /// <see cref="IResultWriter.Commit"/>; disposing an uncommitted writer leaves the old results in place.
    /// </summary>
    IResultWriter Begin(ResultTarget target);

    /// <summary>
    /// Starts writing one Slurm job's results: its <c>slurm_jobs</c> row and its node timeline, replaced
    /// together on commit like a file's. With <see cref="JobResultTarget.SharedTimelineTable"/> set, the
    /// job's timeline is that (file's) table and the writer takes no rows.
    /// </summary>
    IResultWriter BeginJob(JobResultTarget target);
}

/// <summary>Receives one source's node timelines, then replaces its table and summary at once.</summary>
public interface IResultWriter : IDisposable
{
    /// <summary>The table this source's rows go to: <c>job_&lt;stem&gt;</c> for a file, <c>slurm_job_&lt;id&gt;</c> for a job.</summary>
    string TableName { get; }

    void Write(NodeTimeline timeline);

    /// <summary>Replaces the table and the summary row in one transaction.</summary>
    void Commit(AnalysisResult result, ResultProvenance provenance);
}

/// <summary>What is being analysed: <paramref name="Source"/> is the unique key of its summary row.</summary>
public sealed record ResultTarget(string Source, string FileName, string? Owner);

/// <summary>A Slurm job in the sink.</summary>
/// <param name="Key">The unique key of its <c>slurm_jobs</c> row: the Slurm job id locally (the service adds owner and cluster).</param>
/// <param name="SlurmJobId">Null for a file that names no job.</param>
/// <param name="Owner">Who uploaded the files (service only).</param>
/// <param name="Files">The sources the job was assembled from.</param>
/// <param name="SharedTimelineTable">For a job of one file: that file's <c>job_&lt;stem&gt;</c> table, which then
/// is the job's timeline too (no second copy); null for the job's own <c>slurm_job_&lt;id&gt;</c> table.</param>
/// <param name="Cluster">The cluster the uploads named ("" when none; null locally).</param>
/// <param name="Benchmark">The benchmark the job ran, when known.</param>
/// <param name="Perf">The job's performance counters (all its counter files combined), when it has any;
/// the row holds them set against the job's energy (<see cref="Perf.PerfEfficiency"/>).</param>
public sealed record JobResultTarget(
    string Key,
    string? SlurmJobId,
    string? Owner,
    IReadOnlyList<string> Files,
    string? SharedTimelineTable = null,
    string? Cluster = null,
    string? Benchmark = null,
    Perf.PerfCounters? Perf = null);

/// <summary>How the figures were produced.</summary>
public sealed record ResultProvenance(string? PriceSource, string? CarbonSource, DateTimeOffset AnalyzedAt)
{
    public static string PipelineVersion { get; } =
        typeof(ResultProvenance).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";
}
