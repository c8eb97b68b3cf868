namespace Bench.Pipeline.Sinks.DuckDb;

/// <summary>
/// Writes results into an embedded DuckDB file with the same tables and columns as PostgreSQL: each
/// source's rows are appended to a staging table that replaces <c>job_&lt;stem&gt;</c> (or a Slurm job's
/// <c>slurm_job_&lt;id&gt;</c>), together with its summary row, in one transaction.
/// </summary>
public sealed class DuckDbResultSink : IResultSink
{
    private readonly DuckDbFile _file;
    private bool _busy;

    private DuckDbResultSink(DuckDbFile file)
    {
        _file = file;
    }

    /// <summary>The absolute path of the database file.</summary>
    public string Path => _file.Path;

    /// <summary>Opens (or creates) the file and makes sure <c>job_summaries</c> and <c>slurm_jobs</c> exist.</summary>
    public static DuckDbResultSink Open(string path, DuckDbFileOptions? options = null)
    {
        var file = DuckDbFile.Open(path, options);
        try
        {
            file.Execute(SqlDialect.DuckDb.CreateSummaryTable());
            file.Execute(SqlDialect.DuckDb.CreateSummaryTable(ResultTableSet.SlurmJobs));
            return new DuckDbResultSink(file);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>One writer at a time: a DuckDB connection runs one transaction.</summary>
    public IResultWriter Begin(ResultTarget target) => Begin(ResultDestination.For(target));

    /// <summary>One writer at a time, as for files.</summary>
    public IResultWriter BeginJob(JobResultTarget target) => Begin(ResultDestination.For(target));

    private DuckDbResultWriter Begin(ResultDestination target)
    {
        if (_busy)
        {
            throw new InvalidOperationException($"DuckDB '{Path}': a previous writer is still open; commit or dispose it first");
        }

        _busy = true;
        try
        {
            return new DuckDbResultWriter(_file, target, () => _busy = false);
        }
        catch
        {
            _busy = false;
            throw;
        }
    }

    public void Dispose() => _file.Dispose();
}
