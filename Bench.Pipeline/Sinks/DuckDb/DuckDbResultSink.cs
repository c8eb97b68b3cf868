using Bench.Pipeline.DuckDb;

namespace Bench.Pipeline.Sinks.DuckDb;

/// <summary>
/// Writes results into an embedded DuckDB file with the same tables and columns as PostgreSQL: each
/// source's rows are appended to a staging table that replaces <c>job_&lt;stem&gt;</c>, together with its
/// summary row, in one transaction.
/// </summary>
public sealed class DuckDbResultSink : IResultSink
{
    private readonly DuckDbDatabase _database;
    private readonly DuckDbConnection _connection;
    private bool _busy;

    private DuckDbResultSink(DuckDbDatabase database, DuckDbConnection connection)
    {
        _database = database;
        _connection = connection;
    }

    public string Path => _database.Path;

    /// <summary>
    /// DuckDB's buffer pool limit, with one DuckDB thread: by default DuckDB sizes its pool from the
    /// machine's memory and the process peaked at ~800 MB on a 64-node day; with these it stays under
    /// 400 MB and is no slower (scripts/bench-analyze.sh).
    /// </summary>
    public const string DefaultMemoryLimit = "64MB";

    /// <summary>Opens (or creates) the file and makes sure <c>job_summaries</c> and <c>slurm_jobs</c> exist.</summary>
    public static DuckDbResultSink Open(string path, string memoryLimit = DefaultMemoryLimit)
    {
        var database = DuckDbDatabase.Open(path, new Dictionary<string, string> { ["memory_limit"] = memoryLimit, ["threads"] = "1" });
        DuckDbConnection? connection = null;
        try
        {
            connection = database.Connect();
            connection.Execute("SET TimeZone = 'UTC'");
            connection.Execute(SqlDialect.DuckDb.CreateSummaryTable());
            connection.Execute(SqlDialect.DuckDb.CreateSummaryTable(ResultTableSet.SlurmJobs));
            return new DuckDbResultSink(database, connection);
        }
        catch
        {
            connection?.Dispose();
            database.Dispose();
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
            return new DuckDbResultWriter(_connection, target, () => _busy = false);
        }
        catch
        {
            _busy = false;
            throw;
        }
    }

    public void Dispose()
    {
        _connection.Dispose();
        _database.Dispose();
    }
}
