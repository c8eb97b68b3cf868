using Bench.Pipeline.DuckDb;
using Bench.Pipeline.Sinks;
using Bench.Pipeline.Sinks.DuckDb;

namespace Bench.Functions.Tests.Sinks;

public sealed class DuckDbResultSinkTests : ResultSinkContractTests
{
    private string DatabasePath => Dir.File("results.duckdb");

    protected override IResultSink OpenSink() => DuckDbResultSink.Open(DatabasePath);

    protected override List<object?[]> Query(string sql)
    {
        using var database = DuckDbDatabase.Open(DatabasePath);
        using var connection = database.Connect();
        var result = connection.Query(sql);
        return Enumerable.Range(0, result.RowCount)
            .Select(row => Enumerable.Range(0, result.ColumnCount).Select(column => result.GetValue(row, column)).ToArray())
            .ToList();
    }

    [Fact]
    public void TheDuckDbFileHasTheSameColumnsAsTheSchema()
    {
        using (OpenSink())
        {
        }

        var columns = Query("SELECT column_name FROM information_schema.columns WHERE table_name = 'job_summaries' ORDER BY ordinal_position");

        Assert.Equal(ResultSchema.SummaryColumns.Select(c => c.Name), columns.Select(c => (string)c[0]!));
        var jobColumns = Query("SELECT column_name FROM information_schema.columns WHERE table_name = 'slurm_jobs' ORDER BY ordinal_position");
        Assert.Equal(ResultSchema.JobSummaryColumns.Select(c => c.Name), jobColumns.Select(c => (string)c[0]!));
    }
}
