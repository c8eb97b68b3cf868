using Bench.Pipeline.Sinks;

namespace Bench.Functions.Tests.Sinks;

public sealed class SchemaEvolutionTests
{
    private static readonly ResultColumn[] Columns =
    [
        new("key", ColumnType.Text, "k", NotNull: true),
        new("at", ColumnType.Timestamp, "t", NotNull: true),
        new("added", ColumnType.Json, "a"),
    ];

    [Fact]
    public void AnEarlierFormGainsTheMissingColumnsAtTheEnd()
    {
        var plan = SchemaEvolution.Plan(SqlDialect.Postgres, "t", [new("key", "text"), new("at", "timestamp with time zone")], Columns);

        Assert.Equal(["ALTER TABLE \"t\" ADD COLUMN IF NOT EXISTS \"added\" jsonb"], plan);
    }

    [Fact]
    public void AnUpToDateTableNeedsNothingWhateverTheCaseOfItsTypeNames()
    {
        Assert.Empty(SchemaEvolution.Plan(SqlDialect.DuckDb, "t", [new("key", "VARCHAR"), new("at", "TIMESTAMP WITH TIME ZONE"), new("added", "json")], Columns));
    }

    [Fact]
    public void AColumnOfAnotherTypeIsRefused()
    {
        var error = Assert.Throws<ResultTableMismatchException>(() =>
            SchemaEvolution.Plan(SqlDialect.Postgres, "slurm_jobs", [new("key", "text"), new("at", "text")], Columns));

        Assert.Equal("slurm_jobs", error.Table);
        Assert.StartsWith("result table 'slurm_jobs' column 'at' is text where Bench expects timestamptz", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ColumnsThisReleaseDoesNotKnowAreRefused()
    {
        var error = Assert.Throws<ResultTableMismatchException>(() => SchemaEvolution.Plan(SqlDialect.DuckDb, "job_summaries",
            [new("key", "VARCHAR"), new("at", "TIMESTAMP WITH TIME ZONE"), new("added", "JSON"), new("future", "VARCHAR")], Columns));

        Assert.Contains("has column 'future' at position 4, which this version of Bench does not know", error.Message, StringComparison.Ordinal);
    }
}
