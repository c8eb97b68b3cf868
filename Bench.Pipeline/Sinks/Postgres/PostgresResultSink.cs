using Npgsql;

namespace Bench.Pipeline.Sinks.Postgres;

/// <summary>
/// Writes results to PostgreSQL: each source's rows go by binary COPY into a staging table that replaces
/// <c>job_&lt;stem&gt;</c>, together with its summary row, in one transaction.
/// </summary>
public sealed class PostgresResultSink(NpgsqlDataSource dataSource) : IResultSink
{
    private bool _schemaReady;

    /// <summary>Creates <c>job_summaries</c> and <c>slurm_jobs</c> if missing (idempotent).</summary>
    public void EnsureSchema()
    {
        if (_schemaReady)
        {
            return;
        }

        using var connection = dataSource.OpenConnection();
        foreach (var tables in new[] { ResultTableSet.Files, ResultTableSet.SlurmJobs })
        {
            using var command = new NpgsqlCommand(SqlDialect.Postgres.CreateSummaryTable(tables), connection);
            command.ExecuteNonQuery();
        }

        _schemaReady = true;
    }

    public IResultWriter Begin(ResultTarget target) => Begin(target, beforeCommit: null);

    public IResultWriter BeginJob(JobResultTarget target) => Begin(ResultDestination.For(target), beforeCommit: null);

    /// <summary>
    /// As <see cref="Begin(ResultTarget)"/>, with work (e.g. marking a job done) that runs inside the same
    /// transaction just before it commits.
    /// </summary>
    public PostgresResultWriter Begin(ResultTarget target, Action<NpgsqlConnection, NpgsqlTransaction>? beforeCommit) =>
        Begin(ResultDestination.For(target), beforeCommit);

    /// <summary>As <see cref="Begin(ResultTarget, Action{NpgsqlConnection, NpgsqlTransaction})"/>, for a file's or a job's tables.</summary>
    public PostgresResultWriter Begin(ResultDestination target, Action<NpgsqlConnection, NpgsqlTransaction>? beforeCommit)
    {
        EnsureSchema();
        var connection = dataSource.OpenConnection();
        try
        {
            return new PostgresResultWriter(connection, target, beforeCommit);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        // The data source belongs to the caller.
    }
}
