using Bench.Functions.Tests.Hdf5;
using Bench.Pipeline.Hdf5;
using Bench.Pipeline.Sinks;
using Bench.Pipeline.Sinks.DuckDb;
using Bench.Pipeline.Slurm.Sample;

namespace Bench.Functions.Tests.Cli;

/// <summary><c>analyze --db</c> on a DuckDB file an earlier release wrote, run as a separate process.</summary>
public sealed class AnalyzeDatabaseUpgradeTests : IDisposable
{
    private static readonly string[] Added = ["cluster", "benchmark", "perf", "power_scope"];

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Profile()
    {
        var path = _dir.File("job_61.h5");
        using var b = SlurmFileBuilder.Merged(path);
        using var node = b.AddNode("batch", "cn001");
        var epoch = Enumerable.Range(0, 11).Select(i => 1_700_000_000UL + (ulong)i).ToArray();
        node.WriteEnergy([H5FieldSpec.U64("ElapsedTime"), H5FieldSpec.U64("EpochTime"), H5FieldSpec.U64("NodePower")],
            epoch.Select(t => t - epoch[0]).ToArray(), epoch, epoch.Select(_ => 250UL).ToArray());
        return path;
    }

    [Fact]
    public async Task AFileFromTheReleaseBeforeGainsTheNewColumnsAndKeepsItsRows()
    {
        var db = _dir.File("old.duckdb");
        using (var file = DuckDbFile.Open(db))
        {
            file.Execute(SqlDialect.DuckDb.CreateTable("job_summaries", [.. ResultSchema.SummaryColumns.Where(c => !Added.Contains(c.Name))], primaryKey: "source"));
            file.Execute(SqlDialect.DuckDb.CreateTable("slurm_jobs", [.. ResultSchema.JobSummaryColumns.Where(c => !Added.Contains(c.Name))], primaryKey: "job_key"));
        }

        var run = await CliProcess.RunAsync(_dir.Path, "analyze", Profile(), "--db", db, "--benchmark", "hpl", "--no-progress");

        Assert.True(run.ExitCode == 0, run.Stderr);
        using var read = DuckDbFile.Open(db, DuckDbFileOptions.ReadOnly);
        var row = read.Query("SELECT slurm_job_id, energy_to_solution_j, benchmark, power_scope FROM slurm_jobs").Rows.Single();
        Assert.Equal(["61", 2_500.0, "hpl", "node"], row); // 250 W for 10 s
        Assert.Equal("node", read.Query("SELECT power_scope FROM job_summaries").Rows.Single()[0]);
    }

    [Fact]
    public async Task ATableWithAColumnOfAnotherTypeIsRefusedNamingItAndNothingIsWritten()
    {
        var db = _dir.File("odd.duckdb");
        using (var file = DuckDbFile.Open(db))
        {
            file.Execute(SqlDialect.DuckDb.CreateTable("slurm_jobs", [.. ResultSchema.JobSummaryColumns.Select(c => c.Name == "nodes" ? c with { Type = ColumnType.Text } : c)], primaryKey: "job_key"));
        }

        var run = await CliProcess.RunAsync(_dir.Path, "analyze", Profile(), "--db", db, "--no-progress");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("result table 'slurm_jobs' column 'nodes' is VARCHAR where Bench expects INTEGER", run.Stderr);
        using var read = DuckDbFile.Open(db, DuckDbFileOptions.ReadOnly);
        Assert.Equal(0L, read.Query("SELECT count(*) FROM slurm_jobs").Rows.Single()[0]);
    }
}
