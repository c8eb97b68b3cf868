using Bench.Functions.Tests.Hdf5;
using Bench.Functions.Tests.SlurmJobs;
using Bench.Pipeline.Analysis;
using Bench.Pipeline.Hdf5;
using Bench.Pipeline.Jobs;
using Bench.Pipeline.Pricing;
using Bench.Pipeline.Sinks;
using Bench.Pipeline.Slurm.Sample;

namespace Bench.Functions.Tests.Sinks;

/// <summary>
/// What every result sink must do, run against DuckDB and PostgreSQL alike: the tables read back as the
/// analysis computed them, a second analysis replaces the first at once, an abandoned one changes nothing.
/// </summary>
public abstract class ResultSinkContractTests : IDisposable
{
    private const ulong T0 = 1_700_000_400;
    private static readonly TariffSources FixedPrice = new(new FixedTariffSource(TariffQuantity.Price, 100), null);

    protected TempDirectory Dir { get; } = new();

    public void Dispose()
    {
        Dir.Dispose();
        GC.SuppressFinalize(this);
    }

    protected abstract IResultSink OpenSink();

    /// <summary>Runs a query on a fresh connection, after the sink is disposed.</summary>
    protected abstract List<object?[]> Query(string sql);

    /// <summary>Runs a statement on a fresh connection, before any sink is opened (to set up what an earlier release left).</summary>
    protected abstract void Execute(string sql);

    /// <summary>The sink's SQL dialect.</summary>
    protected abstract SqlDialect Dialect { get; }

    private double Number(string sql) => Convert.ToDouble(Query(sql).Single()[0], System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>cn001 at <paramref name="watts"/> W and cn002 at 500 W, 0..60 s every second.</summary>
    protected string Profile(string directory, ulong watts = 300)
    {
        Directory.CreateDirectory(Path.Combine(Dir.Path, directory));
        var path = Path.Combine(Dir.Path, directory, "job_900.h5");
        using var b = SlurmFileBuilder.Merged(path);
        foreach (var (node, w) in new[] { ("cn001", watts), ("cn002", 500UL) })
        {
            using var writer = b.AddNode("batch", node);
            var epoch = Enumerable.Range(0, 61).Select(i => T0 + (ulong)i).ToArray();
            writer.WriteEnergy([H5FieldSpec.U64("ElapsedTime"), H5FieldSpec.U64("EpochTime"), H5FieldSpec.U64("NodePower")],
                epoch.Select(t => t - T0).ToArray(), epoch, epoch.Select(_ => w).ToArray());
        }

        return path;
    }

    protected static TariffSources FixedPriceTariffs => FixedPrice;

    private async Task<AnalysisResult> AnalyzeAsync(string path, TariffSources? tariffs = null)
    {
        using var sink = OpenSink();
        return await FileAnalysis.RunAsync(path, tariffs ?? FixedPrice, sink);
    }

    [Fact]
    public async Task TheTimelineAndSummaryReadBackAsTheAnalysisComputedThem()
    {
        var result = await AnalyzeAsync(Profile("a"));

        Assert.Equal(122, Number("SELECT count(*) FROM job_job_900"));
        var perNode = Query("SELECT node, max(energy_j), min(power_w), max(cost_eur) FROM job_job_900 GROUP BY node ORDER BY node");
        Assert.Equal(["cn001", "cn002"], perNode.Select(r => (string)r[0]!));
        Assert.Equal(18_000, Convert.ToDouble(perNode[0][1]), 6);
        Assert.Equal(30_000, Convert.ToDouble(perNode[1][1]), 6);
        Assert.Equal(300, Convert.ToDouble(perNode[0][2]));
        Assert.Equal(18_000 / 3.6e9 * 100, Convert.ToDouble(perNode[0][3]), 12);
        var summary = Query("SELECT energy_to_solution_j, nodes, table_name, cost_eur, time_to_solution_s, timeline_rows, source FROM job_summaries").Single();
        Assert.Equal(48_000, Convert.ToDouble(summary[0]), 6);
        Assert.Equal(result.EnergyToSolutionJ, Convert.ToDouble(summary[0]), 9);
        Assert.Equal(2, Convert.ToInt32(summary[1]));
        Assert.Equal("job_job_900", summary[2]);
        Assert.Equal(48_000 / 3.6e9 * 100, Convert.ToDouble(summary[3]), 12);
        Assert.Equal(60, Convert.ToDouble(summary[4]));
        Assert.Equal(122, Convert.ToInt64(summary[5]));
        Assert.Equal(Path.Combine(Dir.Path, "a", "job_900.h5"), summary[6]);
    }

    [Fact]
    public async Task AnalysingTheSameFileAgainReplacesItsTableAndSummary()
    {
        var path = Profile("a");
        await AnalyzeAsync(path);
        Profile("a", watts: 100); // the file changed: cn001 now draws 100 W

        await AnalyzeAsync(path, TariffSources.None);

        Assert.Equal(122, Number("SELECT count(*) FROM job_job_900"));
        Assert.Equal(1, Number("SELECT count(*) FROM job_summaries"));
        Assert.Equal(6_000 + 30_000, Number("SELECT energy_to_solution_j FROM job_summaries"), 6);
        Assert.Null(Query("SELECT cost_eur FROM job_summaries").Single()[0]);
        Assert.Equal(0, Number("SELECT count(*) FROM information_schema.tables WHERE table_name LIKE 'stg_%'"));
    }

    [Fact]
    public async Task AnAbandonedAnalysisLeavesThePreviousResultsUntouched()
    {
        var path = Profile("a");
        await AnalyzeAsync(path);

        using (var sink = OpenSink())
        {
            using var writer = sink.Begin(new ResultTarget(Path.GetFullPath(path), "job_900.h5", null));
            using var reader = Bench.Pipeline.Slurm.SlurmProfileReader.Open(Profile("b", watts: 1000));
            ProfileAnalyzer.Analyze(reader, onTimeline: writer.Write);
            // no Commit: the process died, or the analysis failed after writing rows
        }

        Assert.Equal(122, Number("SELECT count(*) FROM job_job_900"));
        Assert.Equal(300, Number("SELECT min(power_w) FROM job_job_900 WHERE node = 'cn001'"));
        Assert.Equal(48_000, Number("SELECT energy_to_solution_j FROM job_summaries"), 6);
        Assert.Equal(0, Number("SELECT count(*) FROM information_schema.tables WHERE table_name LIKE 'stg_%'"));
    }

    [Fact]
    public async Task TwoSourcesWithTheSameStemGetTwoTables()
    {
        await AnalyzeAsync(Profile("alice"));
        await AnalyzeAsync(Profile("bob", watts: 100));

        var rows = Query("SELECT source, table_name, energy_to_solution_j FROM job_summaries ORDER BY source");
        Assert.Equal(2, rows.Count);
        Assert.Equal("job_job_900", rows[0][1]);
        Assert.Matches("^job_job_900_[0-9a-f]{8}$", (string)rows[1][1]!);
        Assert.Equal(6_000 + 30_000, Number($"SELECT sum(e) FROM (SELECT max(energy_j) AS e FROM {rows[1][1]} GROUP BY node) t"), 6);
        Assert.Equal(48_000, Number("SELECT sum(e) FROM (SELECT max(energy_j) AS e FROM job_job_900 GROUP BY node) t"), 6);
    }

    private async Task<JobOutcome> AnalyzeJobAsync(IEnumerable<string> files)
    {
        using var sink = OpenSink();
        return await SlurmJobRunner.RunAsync(Assert.Single(JobFiles.Group(files)), FixedPrice, sink);
    }

    private bool TableExists(string name) => Number($"SELECT count(*) FROM information_schema.tables WHERE table_name = '{name}'") == 1;

    [Fact]
    public async Task ASlurmJobsRowAndItsTimelineHoldTheJobAssembledFromItsFiles()
    {
        Directory.CreateDirectory(Dir.File("n"));
        var files = TwoNodeJob.WriteNodeStepFiles(Dir.File("n"));

        var outcome = await AnalyzeJobAsync(files);

        var row = Query("SELECT job_key, slurm_job_id, table_name, energy_to_solution_j, cost_eur, nodes, timeline_rows, files, layout FROM slurm_jobs").Single();
        Assert.Equal("77", row[0]);
        Assert.Equal("77", row[1]);
        Assert.Equal("slurm_job_77", row[2]);
        Assert.Equal(TwoNodeJob.JobEnergyJ, Convert.ToDouble(row[3]), 6);
        Assert.Equal(outcome.Result!.EnergyToSolutionJ, Convert.ToDouble(row[3]), 9);
        Assert.Equal(TwoNodeJob.JobEnergyJ / 3.6e9 * 100, Convert.ToDouble(row[4]), 12);
        Assert.Equal(2, Convert.ToInt32(row[5]));
        Assert.Equal(121 + 92, Convert.ToInt64(row[6]));
        Assert.Equal(files.Order(StringComparer.Ordinal), System.Text.Json.JsonDocument.Parse((string)row[7]!).RootElement.EnumerateArray().Select(f => f.GetString()));
        Assert.Equal("node-step", row[8]);
        Assert.Equal(121 + 92, Number("SELECT count(*) FROM slurm_job_77"));
        Assert.Equal(360_000, Number("SELECT max(energy_j) FROM slurm_job_77 WHERE node = 'cn001'"), 6);
        Assert.Equal(200_000, Number("SELECT max(energy_j) FROM slurm_job_77 WHERE node = 'cn002'"), 6);
        // Each file still has its own table and summary row, as before; their energies overlap.
        Assert.Equal(5, Number("SELECT count(*) FROM job_summaries"));
        Assert.Equal(TwoNodeJob.PerFileSumJ, Number("SELECT sum(energy_to_solution_j) FROM job_summaries"), 6);
        Assert.True(TableExists("job_77_0_cn002"));
    }

    [Fact]
    public async Task AOneFileJobSharesItsFilesTableAndReanalysisReplacesTheJobInPlace()
    {
        Directory.CreateDirectory(Dir.File("n"));
        Directory.CreateDirectory(Dir.File("m"));
        var merged = TwoNodeJob.WriteMergedFile(Dir.File("m"));

        await AnalyzeJobAsync([merged]);

        Assert.Equal("job_job_77", Query("SELECT table_name FROM slurm_jobs WHERE job_key = '77'").Single()[0]);
        Assert.False(TableExists("slurm_job_77"));

        await AnalyzeJobAsync(TwoNodeJob.WriteNodeStepFiles(Dir.File("n")).Append(merged));

        var grown = Query("SELECT table_name, energy_to_solution_j, layout FROM slurm_jobs").Single();
        Assert.Equal("slurm_job_77", grown[0]);
        Assert.Equal(TwoNodeJob.JobEnergyJ, Convert.ToDouble(grown[1]), 6);
        Assert.Equal("merged", grown[2]);
        Assert.Equal(121 + 92, Number("SELECT count(*) FROM slurm_job_77"));

        await AnalyzeJobAsync([merged]);

        Assert.Equal("job_job_77", Query("SELECT table_name FROM slurm_jobs").Single()[0]);
        Assert.False(TableExists("slurm_job_77")); // the job's own table went with the files it no longer has
        Assert.Equal(121 + 92, Number("SELECT count(*) FROM job_job_77"));
        Assert.Equal(0, Number("SELECT count(*) FROM information_schema.tables WHERE table_name LIKE 'stg_%'"));
    }

    [Fact]
    public async Task AnAbandonedJobAnalysisLeavesThePreviousJobUntouched()
    {
        Directory.CreateDirectory(Dir.File("n"));
        var files = TwoNodeJob.WriteNodeStepFiles(Dir.File("n"));
        await AnalyzeJobAsync(files);

        using (var sink = OpenSink())
        {
            var job = Assert.Single(JobFiles.Group(files));
            using var writer = sink.BeginJob(JobAnalysis.DefaultTarget(job));
            using var reader = Bench.Pipeline.Slurm.SlurmProfileReader.Open(Profile("b", watts: 1000));
            ProfileAnalyzer.Analyze(reader, onTimeline: writer.Write);
            // no Commit: the analysis failed after writing rows
        }

        Assert.Equal(121 + 92, Number("SELECT count(*) FROM slurm_job_77"));
        Assert.Equal(TwoNodeJob.JobEnergyJ, Number("SELECT energy_to_solution_j FROM slurm_jobs"), 6);
        Assert.Equal(0, Number("SELECT count(*) FROM information_schema.tables WHERE table_name LIKE 'stg_%'"));
    }

    [Fact]
    public async Task TablesAnEarlierReleaseCreatedGainTheColumnsAddedSinceAndTakeTheRows()
    {
        // As the release before: job_summaries without power_scope, slurm_jobs without cluster, benchmark, perf, power_scope.
        string[] added = ["cluster", "benchmark", "perf", "power_scope"];
        Execute(Dialect.CreateTable("job_summaries", [.. ResultSchema.SummaryColumns.Where(c => !added.Contains(c.Name))], primaryKey: "source"));
        Execute(Dialect.CreateTable("slurm_jobs", [.. ResultSchema.JobSummaryColumns.Where(c => !added.Contains(c.Name))], primaryKey: "job_key"));
        var job = JobFiles.Group([Profile("old")]).Single();
        var counters = new Bench.Pipeline.Perf.PerfCounters(4000, null, 6.5, null, 2.0, null, 2, []);

        using (var sink = OpenSink())
        {
            await SlurmJobRunner.RunAsync(job, new JobAttachments("stream", counters), FixedPrice, sink, null, CancellationToken.None);
        }

        Assert.Equal(ResultSchema.SummaryColumns.Select(c => c.Name), Query(ColumnsOf("job_summaries")).Select(r => (string)r[0]!));
        Assert.Equal(ResultSchema.JobSummaryColumns.Select(c => c.Name), Query(ColumnsOf("slurm_jobs")).Select(r => (string)r[0]!));
        Assert.Equal("node", Query("SELECT power_scope FROM job_summaries").Single()[0]);
        var row = Query("SELECT benchmark, CAST(perf AS VARCHAR), power_scope, cluster, energy_to_solution_j FROM slurm_jobs").Single();
        Assert.Equal("stream", row[0]);
        using var perf = System.Text.Json.JsonDocument.Parse((string)row[1]!);
        Assert.Equal(6.5 / 48_000, perf.RootElement.GetProperty("gflops_per_w").GetDouble(), 15);   // 6.5 GFLOP over 300 W + 500 W for 60 s
        Assert.Equal(487.5, perf.RootElement.GetProperty("gflop_per_kwh").GetDouble(), 9);          // 6.5 / 48,000 J x 3.6e6 J/kWh
        Assert.Equal("node", row[2]);
        Assert.Null(row[3]);                                                                         // locally no cluster
        Assert.Equal(48_000, Convert.ToDouble(row[4], System.Globalization.CultureInfo.InvariantCulture), 6);
    }

    [Fact]
    public void ASummaryTableWithColumnsInAnotherOrderIsRefusedNamingIt()
    {
        var columns = ResultSchema.SummaryColumns.ToList();
        (columns[0], columns[1]) = (columns[1], columns[0]);
        Execute(Dialect.CreateTable("job_summaries", columns));

        var error = Assert.Throws<ResultTableMismatchException>(() =>
        {
            using var sink = OpenSink();
            using var writer = sink.Begin(new ResultTarget("/x/job_1.h5", "job_1.h5", null)); // PostgreSQL checks on first use
        });

        Assert.Equal("job_summaries", error.Table);
        Assert.Contains("result table 'job_summaries' has column 'file_name' at position 1 where Bench expects 'source'", error.Message, StringComparison.Ordinal);
    }

    private static string ColumnsOf(string table) =>
        $"SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = '{table}' ORDER BY ordinal_position";
}
