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

    protected override void Execute(string sql)
    {
        using var file = DuckDbFile.Open(DatabasePath);
        file.Execute(sql);
    }

    protected override SqlDialect Dialect => SqlDialect.DuckDb;

    [Fact]
    public async Task SinksOnPathsThatDifferOnlyInCaseKeepTheirOwnResults()
    {
        var upper = Dir.File("Results.duckdb");
        var lower = Dir.File("results.duckdb");
        using (var a = DuckDbResultSink.Open(upper))
        using (var b = DuckDbResultSink.Open(lower))
        {
            await Bench.Pipeline.Jobs.FileAnalysis.RunAsync(Profile("a"), FixedPriceTariffs, a);
            await Bench.Pipeline.Jobs.FileAnalysis.RunAsync(Profile("b", watts: 100), FixedPriceTariffs, b);
        }

        // 300 W + 500 W for 60 s in one, 100 W + 500 W in the other, each file with its own single summary.
        foreach (var (path, joules) in new[] { (upper, 48_000.0), (lower, 36_000.0) })
        {
            using var file = DuckDbFile.Open(path, DuckDbFileOptions.ReadOnly);
            var summary = file.Query("SELECT energy_to_solution_j FROM job_summaries").Rows.Single();
            Assert.Equal(joules, (double)summary[0]!, 6);
        }
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
