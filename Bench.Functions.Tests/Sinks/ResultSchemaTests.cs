using Bench.Pipeline.Sinks;
using Bench.Pipeline.Timeline;

namespace Bench.Functions.Tests.Sinks;

public class ResultSchemaTests
{
    [Fact]
    public void TimelineRowsFillEveryColumnAfterTheKeys()
    {
        var doubles = ResultRows.TimelineDoubles(new NodeTimeline("n", ["batch"], 3));

        Assert.Equal(ResultSchema.TimelineColumns.Count - 3, doubles.Length);
        Assert.Equal(["step", "node", "epoch_s"], ResultSchema.TimelineColumns.Take(3).Select(c => c.Name));
        Assert.All(ResultSchema.TimelineColumns.Skip(3), c => Assert.Equal(ColumnType.Double, c.Type));
    }

    [Fact]
    public void ColumnNamesAreLowercaseSqlIdentifiersAndUnique()
    {
        foreach (var columns in new[] { ResultSchema.TimelineColumns, ResultSchema.SummaryColumns, ResultSchema.JobSummaryColumns })
        {
            Assert.All(columns, c => Assert.Matches("^[a-z][a-z0-9_]*$", c.Name));
            Assert.Equal(columns.Count, columns.Select(c => c.Name).Distinct().Count());
        }
    }

    [Fact]
    public void SlurmJobsShareTheFigureColumnsOfJobSummaries()
    {
        var figures = ResultSchema.SummaryColumns.SkipWhile(c => c.Name != "layout").Select(c => (c.Name, c.Type, c.NotNull));

        var jobOnly = new[] { "cluster", "benchmark", "perf" };

        Assert.Equal(figures, ResultSchema.JobSummaryColumns.Skip(5).Where(c => !jobOnly.Contains(c.Name)).Select(c => (c.Name, c.Type, c.NotNull)));
        // Columns are only ever appended: slurm_jobs' own three, then what both tables gained after them.
        Assert.Equal([.. jobOnly, "power_scope"], ResultSchema.JobSummaryColumns.TakeLast(4).Select(c => c.Name));
        Assert.Equal("power_scope", ResultSchema.SummaryColumns[^1].Name);
        Assert.All(ResultSchema.JobSummaryColumns.TakeLast(4), c => Assert.False(c.NotNull));
        Assert.Equal("job_key", ResultTableSet.SlurmJobs.KeyColumn);
        Assert.Equal("source", ResultTableSet.Files.KeyColumn);
    }

    [Fact]
    public void TheResultsDocumentListsEveryColumn()
    {
        var doc = File.ReadAllText(Path.Combine(RepoRoot.Path, "docs", "results.md"));

        Assert.All(ResultSchema.TimelineColumns.Concat(ResultSchema.SummaryColumns).Concat(ResultSchema.JobSummaryColumns),
            c => Assert.Contains($"| `{c.Name}` |", doc, StringComparison.Ordinal));
        var jobTable = doc[doc.IndexOf("## `slurm_jobs`", StringComparison.Ordinal)..];
        Assert.All(ResultSchema.JobSummaryColumns, c => Assert.Contains($"| `{c.Name}` |", jobTable, StringComparison.Ordinal));
    }
}
