using Npgsql;

namespace Bench.Pipeline.Sinks.Postgres;

/// <summary>
/// Writes results to PostgreSQL: each source's rows go by binary COPY into a staging table that replaces
/// <c>job_&lt;stem&gt;</c>, together with its summary row, in one transaction.
/// </summary>
public sealed class PostgresResultSink(NpgsqlDataSource dataSource) : IResultSink
{
    private bool _schemaReady;

    /// <summary>
    /// Creates <c>job_summaries</c> and <c>slurm_jobs</c> if missing, and adds to tables an earlier release
    /// created the columns added since (see <see cref="SchemaEvolution"/>), in one transaction (idempotent).
    /// </summary>
    /// <exception cref="ResultTableMismatchException">A summary table has columns in another order or of another type.</exception>
    public void EnsureSchema()
    {
        if (_schemaReady)
        {
            return;
        }

        using var connection = dataSource.OpenConnection();
        using var transaction = connection.BeginTransaction();
        foreach (var tables in new[] { ResultTableSet.Files, ResultTableSet.SlurmJobs })
        {
            Execute(connection, transaction, SqlDialect.Postgres.CreateSummaryTable(tables));
            foreach (var statement in SchemaEvolution.Plan(SqlDialect.Postgres, tables.SummaryTable, Columns(connection, transaction, tables.SummaryTable), tables.SummaryColumns))
            {
                Execute(connection, transaction, statement);
            }
        }

        transaction.Commit();
        _schemaReady = true;
    }

    private static List<ExistingColumn> Columns(NpgsqlConnection connection, NpgsqlTransaction transaction, string table)
    {
        using var command = new NpgsqlCommand(
            "SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = @table ORDER BY ordinal_position",
            connection,
            transaction);
        command.Parameters.AddWithValue("table", table);
        using var reader = command.ExecuteReader();
        var columns = new List<ExistingColumn>();
        while (reader.Read())
        {
            columns.Add(new ExistingColumn(reader.GetString(0), reader.GetString(1)));
        }

        return columns;
    }

    private static void Execute(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql)
    {
        using var command = new NpgsqlCommand(sql, connection, transaction);
        command.ExecuteNonQuery();
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
