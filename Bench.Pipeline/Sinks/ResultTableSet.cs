using Bench.Pipeline.Analysis;

namespace Bench.Pipeline.Sinks;

/// <summary>
/// A family of result tables: one summary table keyed by its first column, and one timeline table per
/// summary row named <c>&lt;prefix&gt;&lt;stem&gt;</c>. Files and Slurm jobs are two such families.
/// </summary>
public sealed record ResultTableSet(string SummaryTable, IReadOnlyList<ResultColumn> SummaryColumns, string TablePrefix)
{
    /// <summary><c>job_summaries</c> and <c>job_&lt;stem&gt;</c>: one per analysed file.</summary>
    public static ResultTableSet Files { get; } = new(ResultSchema.SummaryTable, ResultSchema.SummaryColumns, TableNames.FilePrefix);

    /// <summary><c>slurm_jobs</c> and <c>slurm_job_&lt;id&gt;</c>: one per Slurm job.</summary>
    public static ResultTableSet SlurmJobs { get; } = new(ResultSchema.JobSummaryTable, ResultSchema.JobSummaryColumns, TableNames.JobPrefix);

    /// <summary>The summary table's key column.</summary>
    public string KeyColumn => SummaryColumns[0].Name;

    /// <summary>Whether the table is one this family creates and drops (a job may instead point at a file's table).</summary>
    public bool Owns(string table) => table.StartsWith(TablePrefix, StringComparison.Ordinal);
}

/// <summary>Everything a writer needs to replace one summary row and its timeline table.</summary>
/// <param name="Tables">Which family.</param>
/// <param name="Key">The summary row's key.</param>
/// <param name="Stem">What the timeline table is named after.</param>
/// <param name="SharedTable">A table owned by another row that holds this row's timeline; no rows are written then.</param>
/// <param name="Row">The summary row's values given the timeline table's name.</param>
public sealed record ResultDestination(
    ResultTableSet Tables,
    string Key,
    string Stem,
    string? SharedTable,
    Func<string, AnalysisResult, ResultProvenance, object?[]> Row)
{
    public static ResultDestination For(ResultTarget target) => new(
        ResultTableSet.Files, target.Source, TableNames.StemOf(target.FileName), null,
        (table, result, provenance) => ResultRows.Summary(target, table, result, provenance));

    public static ResultDestination For(JobResultTarget target) => new(
        ResultTableSet.SlurmJobs, target.Key, target.SlurmJobId ?? TableNames.StemOf(target.Key), target.SharedTimelineTable,
        (table, result, provenance) => ResultRows.JobSummary(target, table, result, provenance));

    /// <summary>The plain table name, before any clash is considered.</summary>
    public string PlainTableName => TableNames.ForStem(Stem, Key, Tables.TablePrefix);
}
