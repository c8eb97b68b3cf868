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

    /// <summary>
    /// Opens (or creates) the file and makes sure <c>job_summaries</c> and <c>slurm_jobs</c> exist with every
    /// column: tables an earlier release wrote gain the columns added since (see <see cref="SchemaEvolution"/>).
    /// </summary>
    /// <exception cref="ResultTableMismatchException">A summary table has columns in another order or of another type.</exception>
    public static DuckDbResultSink Open(string path, DuckDbFileOptions? options = null)
    {
        var file = DuckDbFile.Open(path, options);
        try
        {
            foreach (var tables in new[] { ResultTableSet.Files, ResultTableSet.SlurmJobs })
            {
                file.Execute(SqlDialect.DuckDb.CreateSummaryTable(tables));
                var existing = file.Query(
                    "SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ? ORDER BY ordinal_position",
                    tables.SummaryTable).Rows.Select(r => new ExistingColumn((string)r[0]!, (string)r[1]!)).ToArray();
                foreach (var statement in SchemaEvolution.Plan(SqlDialect.DuckDb, tables.SummaryTable, existing, tables.SummaryColumns))
                {
                    file.Execute(statement);
                }
            }

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
