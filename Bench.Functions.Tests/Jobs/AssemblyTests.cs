using System.Text.Json;
using Bench.Functions.Tests.Hosting;
using Bench.Functions.Tests.SlurmJobs;
using Bench.Pipeline.Analysis;
using Bench.Pipeline.Jobs;
using static Bench.Functions.Tests.Jobs.AssemblySupport;

namespace Bench.Functions.Tests.Jobs;

/// <summary>The app with role all and a one-second settle delay on its own database, bucket and queue.</summary>
public sealed class AssemblyFixture : IAsyncLifetime
{
    public JobsFixture Jobs { get; } = new();

    public Task InitializeAsync() => Jobs.InitializeAsync(startApp: true, ("BENCH_ASSEMBLY_DELAY_SECONDS", "1"));

    public Task DisposeAsync() => Jobs.DisposeAsync();
}

/// <summary>
/// Slurm jobs assembled as their files arrive, through the stand-in host and the real worker: a user's
/// cluster directory (batch and step files of two nodes, a LIKWID CSV) uploaded one by one in random order
/// with the benchmark in the object's metadata, each announced as MinIO does.
/// </summary>
public sealed class AssemblyTests(AssemblyFixture fixture) : IClassFixture<AssemblyFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    private JobsFixture Jobs => fixture.Jobs;

    private RunningApp App => fixture.Jobs.App;

    [Fact]
    public async Task NodeStepFilesAndACsvUploadedInRandomOrderMakeOneJobWithTheMergedEnergyTheBenchmarkAndTheEfficiency()
    {
        var user = RunningApp.NewUsername();
        const string benchmark = "flops_matrix_mul";
        var files = NodeStepFiles(9799476, "flops").Append(Csv(9799476, "flops", TwoThreadsFlopsDp)).ToList();
        var i = 0;
        foreach (var file in Shuffled(files, seed: 11))
        {
            // Half the events carry MinIO's userMetadata; the analysis reads the object's own either way.
            await UploadAndAnnounceAsync(App, Jobs.Servers, user, file, benchmark, eventMetadata: i++ % 2 == 0);
        }

        Assert.Equal("done", await WaitForAssemblyAsync(Jobs, user, "9799476", uploads: 6, Timeout));

        // Independently: the same five files analysed here as one job with the pipeline, and by hand.
        var local = await AnalyseLocallyAsync(files.Where(f => f.ObjectName.EndsWith(".h5", StringComparison.Ordinal)));
        Assert.Equal(TwoNodeJob.JobEnergyJ, local.EnergyToSolutionJ, 6);

        await using var db = await Jobs.Servers.OpenDatabaseAsync();
        var job = await RowAsync(db, "SELECT * FROM slurm_jobs WHERE owner = $1", user);
        Assert.Equal($"{user}//9799476", job["job_key"]);
        Assert.Equal("9799476", job["slurm_job_id"]);
        Assert.Equal("", job["cluster"]);
        Assert.Equal(benchmark, job["benchmark"]);
        Assert.Equal(TwoNodeJob.JobEnergyJ, (double)job["energy_to_solution_j"]!, 6);
        Assert.Equal(local.EnergyToSolutionJ, (double)job["energy_to_solution_j"]!, 6);
        Assert.Equal(500, (double)job["peak_power_w"]!, 9);               // 300 W + 200 W while both nodes run
        Assert.Equal(1200, (double)job["time_to_solution_s"]!, 9);
        Assert.Equal(TwoNodeJob.JobEnergyJ / 3.6e9 * 87.5, (double)job["cost_eur"]!, 12);
        Assert.Equal(2, (int)job["nodes"]!);
        Assert.Equal(121L + 92, (long)job["timeline_rows"]!);               // cn001 every 10 s over 0..1200; cn002 51 + 41
        Assert.Equal(121L + 92, await Jobs.ScalarAsync<long>($"SELECT count(*) FROM {job["table_name"]}"));
        var sources = JsonSerializer.Deserialize<string[]>((string)job["files"]!)!;
        Assert.Equal(5, sources.Length);
        Assert.All(sources, s => Assert.StartsWith($"s3://{Jobs.Servers.BucketName}/{user}/flops_job_9799476_9799476_", s, StringComparison.Ordinal));

        // 6.5 GFLOP over the job's 560,000 J; per kWh: x 3.6e6.
        using var perf = JsonDocument.Parse((string)job["perf"]!);
        Assert.Equal(4000, perf.RootElement.GetProperty("dp_mflops").GetDouble(), 9);
        Assert.Equal(TwoThreadsGflop, perf.RootElement.GetProperty("gflop_total").GetDouble(), 9);
        Assert.Equal(TwoThreadsGflop / TwoNodeJob.JobEnergyJ, perf.RootElement.GetProperty("gflops_per_w").GetDouble(), 15);
        Assert.Equal(TwoThreadsGflop / TwoNodeJob.JobEnergyJ * 3.6e6, perf.RootElement.GetProperty("gflop_per_kwh").GetDouble(), 9);
        Assert.Equal("dp", perf.RootElement.GetProperty("precision").GetString());
        Assert.Equal("job", perf.RootElement.GetProperty("energy_basis").GetString());

        var status = await RowAsync(db, "SELECT * FROM slurm_job_status WHERE owner = $1", user);
        Assert.Equal("done", status["state"]);
        Assert.Equal(6, (int)status["files"]!);
        Assert.Equal(benchmark, status["benchmark"]);
        Assert.Equal($"{user}//9799476", status["job_key"]);
        Assert.True((int)status["analyses"]! >= 1);
        Assert.NotNull(status["pipeline_version"]);
        Assert.Null(status["error"]);

        // Each upload keeps its own record (kind, job, benchmark from the object's metadata); the CSV has no job_<stem> table.
        Assert.Equal(5L, await Jobs.ScalarAsync<long>("SELECT count(*) FROM analysis_jobs WHERE owner = $1 AND kind = 'profile' AND slurm_job_id = '9799476' AND benchmark = $2 AND state = 'succeeded'", user, benchmark));
        Assert.Equal(1L, await Jobs.ScalarAsync<long>("SELECT count(*) FROM analysis_jobs WHERE owner = $1 AND kind = 'perf' AND table_name IS NULL AND perf IS NOT NULL AND state = 'succeeded'", user));
        Assert.Equal(5L, await Jobs.ScalarAsync<long>("SELECT count(*) FROM job_summaries WHERE owner = $1", user));

        // A second run of the same benchmark is a second job.
        foreach (var file in Shuffled(NodeStepFiles(9799480, "flops"), seed: 12))
        {
            await UploadAndAnnounceAsync(App, Jobs.Servers, user, file, benchmark, eventMetadata: false);
        }

        Assert.Equal("done", await WaitForAssemblyAsync(Jobs, user, "9799480", uploads: 5, Timeout));
        Assert.Equal(2L, await Jobs.ScalarAsync<long>("SELECT count(*) FROM slurm_job_status WHERE owner = $1 AND benchmark = $2 AND state = 'done'", user, benchmark));
        Assert.Equal(TwoNodeJob.JobEnergyJ, await Jobs.ScalarAsync<double>("SELECT energy_to_solution_j FROM slurm_jobs WHERE job_key = $1", $"{user}//9799480"), 6);
        Assert.True(await Jobs.ScalarAsync<bool>("SELECT perf IS NULL FROM slurm_jobs WHERE job_key = $1", $"{user}//9799480"));
    }

    [Fact]
    public async Task AMalformedCsvFailsThatUploadWithAReasonAndTheJobIsStillDoneFromItsProfiles()
    {
        var user = RunningApp.NewUsername();
        var bad = Csv(4242, "stream", "Runtime,12.5\nthis is what the benchmark printed, not likwid-perfctr -O\n");
        foreach (var file in Shuffled(NodeStepFiles(4242, "stream").Append(bad), seed: 5))
        {
            await UploadAndAnnounceAsync(App, Jobs.Servers, user, file, benchmark: null, eventMetadata: false);
        }

        Assert.Equal("done", await WaitForAssemblyAsync(Jobs, user, "4242", uploads: 6, Timeout));
        var key = KeyOf(user, bad.ObjectName);
        var error = await Jobs.ScalarAsync<string>("SELECT state || ': ' || error FROM analysis_jobs WHERE object_key = $1", key);
        Assert.StartsWith("failed: ", error, StringComparison.Ordinal);
        Assert.Contains(key, error, StringComparison.Ordinal);
        Assert.Contains("no TABLE section", error, StringComparison.Ordinal);
        Assert.DoesNotContain(Jobs.TempDirectory, error, StringComparison.Ordinal);
        Assert.Equal(TwoNodeJob.JobEnergyJ, await Jobs.ScalarAsync<double>("SELECT energy_to_solution_j FROM slurm_jobs WHERE job_key = $1", $"{user}//4242"), 6);
        Assert.True(await Jobs.ScalarAsync<bool>("SELECT perf IS NULL FROM slurm_jobs WHERE job_key = $1", $"{user}//4242"));
        // Without metadata the benchmark comes from the name: the text before _job_<id>_.
        Assert.Equal("stream", await Jobs.ScalarAsync<string>("SELECT benchmark FROM slurm_job_status WHERE owner = $1", user));
        Assert.Equal(6, await Jobs.ScalarAsync<int>("SELECT files FROM slurm_job_status WHERE owner = $1", user));
    }

    [Fact]
    public async Task AJobOfCountersOnlyWaitsForProfilesAndIsAssembledWhenOneArrives()
    {
        var user = RunningApp.NewUsername();
        await UploadAndAnnounceAsync(App, Jobs.Servers, user, Csv(5150, "hpl", TwoThreadsFlopsDp), "hpl", eventMetadata: true);

        Assert.Equal("pending", await WaitForAssemblyAsync(Jobs, user, "5150", uploads: 1, Timeout));
        Assert.StartsWith("waiting for profiles", await Jobs.ScalarAsync<string>("SELECT error FROM slurm_job_status WHERE owner = $1", user), StringComparison.Ordinal);
        Assert.Equal(0L, await Jobs.ScalarAsync<long>("SELECT count(*) FROM slurm_jobs WHERE owner = $1", user));

        // One node's batch file: the job now has figures, cn001's 300 W x 1200 s, and the counters against them.
        var batch = NodeStepFiles(5150, "hpl").Single(f => f.ObjectName.EndsWith("_batch_cn001.h5", StringComparison.Ordinal));
        await UploadAndAnnounceAsync(App, Jobs.Servers, user, batch, "hpl", eventMetadata: true);
        Assert.Equal("done", await WaitForAssemblyAsync(Jobs, user, "5150", uploads: 2, Timeout));
        Assert.Equal(360_000, await Jobs.ScalarAsync<double>("SELECT energy_to_solution_j FROM slurm_jobs WHERE owner = $1", user), 6);
        Assert.Equal(TwoThreadsGflop / 360_000, await Jobs.ScalarAsync<double>("SELECT (perf->>'gflops_per_w')::float8 FROM slurm_jobs WHERE owner = $1", user), 15);
        // A job of one file shares that file's timeline table instead of copying it.
        Assert.Equal(
            await Jobs.ScalarAsync<string>("SELECT table_name FROM job_summaries WHERE owner = $1", user),
            await Jobs.ScalarAsync<string>("SELECT table_name FROM slurm_jobs WHERE owner = $1", user));
    }

    [Fact]
    public async Task TheWebhookRecordsKindJobAndBenchmarkFromTheEventAndAJobWithoutAUsableFileFailsWithTheReason()
    {
        var user = RunningApp.NewUsername();
        // Announced, but never uploaded (or deleted since): the upload fails, and with it its only job.
        var key = $"{user}/hpl_job_31_out_31.csv";
        var body = System.Text.Json.Nodes.JsonNode.Parse(JobTestSupport.MinioEvent(Jobs.Servers.BucketName, key, "0badc0de", 100))!;
        body["Records"]![0]!["s3"]!["object"]!["userMetadata"] = new System.Text.Json.Nodes.JsonObject { ["X-Amz-Meta-Benchmark"] = "linpack 2" };
        using (var response = await JobTestSupport.PostEventAsync(App, Jobs.Servers.WebhookToken, body.ToJsonString()))
        {
            Assert.True(response.IsSuccessStatusCode);
        }

        Assert.Equal("perf 31 linpack_2 ", await Jobs.ScalarAsync<string>("SELECT kind || ' ' || slurm_job_id || ' ' || benchmark || ' ' || cluster FROM analysis_jobs WHERE object_key = $1", key));
        Assert.Equal("failed", await WaitForAssemblyAsync(Jobs, user, "31", uploads: 1, Timeout));
        var error = await Jobs.ScalarAsync<string>("SELECT error FROM slurm_job_status WHERE owner = $1", user);
        Assert.StartsWith("no usable profile: 1 upload(s) failed, the first: " + key, error, StringComparison.Ordinal);
        Assert.Equal("linpack_2", await Jobs.ScalarAsync<string>("SELECT benchmark FROM slurm_job_status WHERE owner = $1", user));
    }

    private static async Task<AnalysisResult> AnalyseLocallyAsync(IEnumerable<ClientFile> files)
    {
        var directory = Directory.CreateTempSubdirectory("bench-assembly-local-");
        try
        {
            var paths = new List<string>();
            foreach (var file in files)
            {
                var path = Path.Combine(directory.FullName, Path.GetFileName(file.ObjectName));
                await File.WriteAllBytesAsync(path, file.Content);
                paths.Add(path);
            }

            return (await JobAnalysis.RunAsync(Assert.Single(JobFiles.Group(paths)), TariffSources.None)).Result;
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    internal static async Task<Dictionary<string, object?>> RowAsync(Npgsql.NpgsqlConnection db, string sql, params object[] parameters)
    {
        await using var command = new Npgsql.NpgsqlCommand(sql, db);
        foreach (var p in parameters)
        {
            command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = p });
        }

        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync(), $"no row: {sql}");
        var row = new Dictionary<string, object?>();
        for (var c = 0; c < reader.FieldCount; c++)
        {
            row[reader.GetName(c)] = reader.IsDBNull(c) ? null : reader.GetValue(c);
        }

        Assert.False(await reader.ReadAsync(), $"more than one row: {sql}");
        return row;
    }
}
