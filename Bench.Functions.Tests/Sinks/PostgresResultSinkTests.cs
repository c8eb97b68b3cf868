using Bench.Functions.Tests.Infrastructure;
using Bench.Pipeline.Sinks;
using Bench.Pipeline.Sinks.Postgres;
using Npgsql;

namespace Bench.Functions.Tests.Sinks;

public sealed class PostgresResultSinkTests(PostgresFixture postgres) : ResultSinkContractTests, IClassFixture<PostgresFixture>, IAsyncLifetime
{
    private NpgsqlDataSource? _dataSource;

    public async Task InitializeAsync()
    {
        _dataSource = NpgsqlDataSource.Create(postgres.ConnectionString);
        await using var connection = await _dataSource.OpenConnectionAsync();
        // Each test starts from an empty database: drop what an earlier test of this class left.
        await using var drop = new NpgsqlCommand(
            "DO $$ DECLARE t text; BEGIN FOR t IN SELECT tablename FROM pg_tables WHERE schemaname = 'public' LOOP EXECUTE format('DROP TABLE %I', t); END LOOP; END $$",
            connection);
        await drop.ExecuteNonQueryAsync();
    }

    public async Task DisposeAsync()
    {
        if (_dataSource is not null)
        {
            await _dataSource.DisposeAsync();
        }
    }

    protected override IResultSink OpenSink() => new PostgresResultSink(_dataSource!);

    protected override List<object?[]> Query(string sql)
    {
        using var connection = _dataSource!.OpenConnection();
        using var command = new NpgsqlCommand(sql, connection);
        using var reader = command.ExecuteReader();
        var rows = new List<object?[]>();
        while (reader.Read())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }

            rows.Add(row);
        }

        return rows;
    }

    protected override void Execute(string sql)
    {
        using var connection = _dataSource!.OpenConnection();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }

    protected override SqlDialect Dialect => SqlDialect.Postgres;

    [Fact]
    public void PostgresHasTheSameSummaryColumnsAsTheSchema()
    {
        new PostgresResultSink(_dataSource!).EnsureSchema();

        var columns = Query("SELECT column_name FROM information_schema.columns WHERE table_name = 'job_summaries' ORDER BY ordinal_position");

        Assert.Equal(ResultSchema.SummaryColumns.Select(c => c.Name), columns.Select(c => (string)c[0]!));
        var jobColumns = Query("SELECT column_name FROM information_schema.columns WHERE table_name = 'slurm_jobs' ORDER BY ordinal_position");
        Assert.Equal(ResultSchema.JobSummaryColumns.Select(c => c.Name), jobColumns.Select(c => (string)c[0]!));
    }
}
