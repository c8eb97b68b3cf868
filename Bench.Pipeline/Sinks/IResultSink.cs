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
}

/// <summary>Receives one source's node timelines, then replaces its table and summary at once.</summary>
public interface IResultWriter : IDisposable
{
    /// <summary>The <c>job_&lt;stem&gt;</c> table this source's rows go to.</summary>
    string TableName { get; }

    void Write(NodeTimeline timeline);

    /// <summary>Replaces the table and the summary row in one transaction.</summary>
    void Commit(AnalysisResult result, ResultProvenance provenance);
}

/// <summary>What is being analysed: <paramref name="Source"/> is the unique key of its summary row.</summary>
public sealed record ResultTarget(string Source, string FileName, string? Owner);

/// <summary>How the figures were produced.</summary>
public sealed record ResultProvenance(string? PriceSource, string? CarbonSource, DateTimeOffset AnalyzedAt)
{
    public static string PipelineVersion { get; } =
        typeof(ResultProvenance).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";
}
