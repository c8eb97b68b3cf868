using Npgsql;

namespace Bench.Pipeline.Sinks.Postgres;

/// <summary>
/// Writes results to PostgreSQL: each source's rows go by binary COPY into a staging table that replaces
/// <c>job_&lt;stem&gt;</c>, together with its summary row, in one transaction.
/// </summary>
public sealed class PostgresResultSink(NpgsqlDataSource dataSource) : IResultSink
{
    private bool _schemaReady;

    /// <summary>Creates <c>job_summaries</c> if missing (idempotent).</summary>
    public void EnsureSchema()
    {
        if (_schemaReady)
        {
            return;
        }

        using var connection = dataSource.OpenConnection();
        using var command = new NpgsqlCommand(SqlDialect.Postgres.CreateSummaryTable(), connection);
        command.ExecuteNonQuery();
        _schemaReady = true;
    }

    public IResultWriter Begin(ResultTarget target) => Begin(target, beforeCommit: null);

    /// <summary>
    /// As <see cref="Begin(ResultTarget)"/>, with work (e.g. marking a job done) that runs inside the same
    /// transaction just before it commits.
    /// </summary>
    public PostgresResultWriter Begin(ResultTarget target, Action<NpgsqlConnection, NpgsqlTransaction>? beforeCommit)
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
