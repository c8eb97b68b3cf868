using Bench.Pipeline.Sinks;
using Bench.Pipeline.Sinks.DuckDb;

namespace Bench.Functions.Tests.Sinks;

public sealed class DuckDbResultSinkTests : ResultSinkContractTests
{
    private string DatabasePath => Dir.File("results.duckdb");

    protected override IResultSink OpenSink() => DuckDbResultSink.Open(DatabasePath);

    protected override List<object?[]> Query(string sql)
    {
        using var file = DuckDbFile.Open(DatabasePath, DuckDbFileOptions.ReadOnly);
        return file.Query(sql).Rows.ToList();
    }

    [Fact]
    public void TheDuckDbFileHasTheSameColumnsAsTheSchema()
    {
        using (OpenSink())
        {
        }

        var columns = Query("SELECT column_name FROM information_schema.columns WHERE table_name = 'job_summaries' ORDER BY ordinal_position");

        Assert.Equal(ResultSchema.SummaryColumns.Select(c => c.Name), columns.Select(c => (string)c[0]!));
    }
}
