using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Bench.Functions.Auth;
using Bench.Functions.Tests.Auth;
using Bench.Functions.Tests.Contract;
using Bench.Functions.Tests.Hosting;
using Bench.Functions.Tests.SlurmJobs;
using Bench.Pipeline.Analysis;
using Bench.Pipeline.Jobs;
using Bench.Pipeline.Slurm;
using Bench.Pipeline.Slurm.Sample;

namespace Bench.Functions.Tests.Jobs;

/// <summary>The app with role all, a one-second assembly delay and a two-second settle window, so that jobs become complete within a test.</summary>
public sealed class ClientContractFixture : IAsyncLifetime
{
    public JobsFixture Jobs { get; } = new();

    public Task InitializeAsync() =>
        Jobs.InitializeAsync(startApp: true, ("BENCH_ASSEMBLY_DELAY_SECONDS", "1"), ("BENCH_JOB_SETTLE_SECONDS", "2"));

    public Task DisposeAsync() => Jobs.DisposeAsync();
}

/// <summary>
/// Exactly what the real client does, over HTTP through the stand-in host and the real worker: register, log
/// in with the query, refresh and go on with the new access token; presign every file of a cluster directory
/// with <c>benchmark_name</c>, PUT it to the URL with the answer's <c>headers</c> merged in, one by one in a
/// (seeded) random order; MinIO announces each. Then the jobs, benchmarks and comparison the client reads,
/// each figure checked against the same files analysed here and against watts x seconds by hand.
/// </summary>
public sealed class ClientContractEndToEndTests(ClientContractFixture fixture) : IClassFixture<ClientContractFixture>
{
    private const string Benchmark = "flops_matrix_mul";
    private const long JobA = 9799476;
    private const long JobB = 9799512;

    // Node power of each run: B is A at 80 %, so it used 20 % less energy.
    private static readonly Dictionary<string, double> PowersA = new() { ["cn001"] = 300, ["cn002"] = 200 };
    private static readonly Dictionary<string, double> PowersB = new() { ["cn001"] = 240, ["cn002"] = 160 };

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(150);

    // The storage server is reached directly, as the client does with a presigned URL (no base address).
    private static readonly HttpClient Direct = new();

    private JobsFixture Jobs => fixture.Jobs;

    private RunningApp App => fixture.Jobs.App;

    [Fact]
    public async Task TheClientsExactRequestsMakeTwoRunsOfOneBenchmarkWithHandComputedEnergyEfficiencyAndComparison()
    {
        var access = await SignInAsClientAsync();

        // Before any upload: the token a client polling ?since= starts from.
        var firstList = await GetAsync(access, "/jobs");
        Assert.Empty(firstList.GetProperty("jobs").EnumerateArray());
        var since = firstList.GetProperty("next_since").GetString()!;

        // Run A: five node-step files as Slurm names them and the LIKWID CSV, in a seeded random order.
        var filesA = ClusterDirectory(JobA, PowersA);
        var keys = new List<string>();
        foreach (var file in AssemblySupport.Shuffled(filesA, seed: 1111))
        {
            keys.Add(await UploadAsClientAsync(access, file));
        }

        var jobA = await WaitUntilCompleteAsync(access, JobA, files: 6);

        // Independently: the pipeline over the same files here, and watts x each node's span by hand.
        var energyA = HandEnergy(PowersA);
        Assert.Equal(560_000, energyA, 9);
        var localA = await AnalyseLocallyAsync(filesA);
        Assert.Equal(energyA, localA.EnergyToSolutionJ, 6);
        var gflop = HandGflop();
        Assert.Equal(6.5, gflop, 12);

        AssertJob(jobA, JobA, energyA, PowersA, gflop);
        Assert.Equal(localA.EnergyToSolutionJ, jobA.GetProperty("energy_to_solution_j").GetDouble(), 6);
        Assert.Equal(localA.PeakPowerW, jobA.GetProperty("peak_power_w").GetDouble(), 6);
        Assert.Equal(localA.TimeToSolutionS, jobA.GetProperty("time_to_solution_s").GetDouble(), 9);
        var perNode = jobA.GetProperty("per_node").EnumerateArray().ToDictionary(n => n.GetProperty("node").GetString()!, n => n.GetProperty("energy_j").GetDouble());
        Assert.Equal(PowersA["cn001"] * 1200, perNode["cn001"], 6);
        Assert.Equal(PowersA["cn002"] * 1000, perNode["cn002"], 6);

        // Every upload is one of A's, succeeded, and the .h5 files (whose names hold no benchmark) carry it:
        // it can only have come from the object's metadata, i.e. from the headers sent with the PUT.
        var uploads = jobA.GetProperty("uploads").EnumerateArray().ToList();
        Assert.Equal(keys.Order(StringComparer.Ordinal), uploads.Select(u => u.GetProperty("key").GetString()!).Order(StringComparer.Ordinal));
        Assert.All(uploads, u => Assert.Equal("succeeded", u.GetProperty("state").GetString()));
        Assert.Equal(["perf", "profile", "profile", "profile", "profile", "profile"], uploads.Select(u => u.GetProperty("kind").GetString()!).Order(StringComparer.Ordinal));
        foreach (var upload in uploads)
        {
            var record = await GetAsync(access, $"/uploads/{upload.GetProperty("id").GetGuid()}");
            Assert.Equal(Benchmark, record.GetProperty("benchmark").GetString());
            Assert.Equal(JobA.ToString(CultureInfo.InvariantCulture), record.GetProperty("slurm_job_id").GetString());
        }

        // Run B: the same benchmark at other powers, same counters.
        var filesB = ClusterDirectory(JobB, PowersB);
        foreach (var file in AssemblySupport.Shuffled(filesB, seed: 2222))
        {
            keys.Add(await UploadAsClientAsync(access, file));
        }

        var jobB = await WaitUntilCompleteAsync(access, JobB, files: 6);
        var energyB = HandEnergy(PowersB);
        Assert.Equal(448_000, energyB, 9);
        Assert.Equal(energyB, (await AnalyseLocallyAsync(filesB)).EnergyToSolutionJ, 6);
        AssertJob(jobB, JobB, energyB, PowersB, gflop);

        // Exactly two Slurm jobs, no job per file.
        var all = await GetAsync(access, "/jobs");
        Assert.Equal([Id(JobB), Id(JobA)], SlurmJobsApiTests.Ids(all));

        using (var response = await App.Client.SendAsync(App.Authorized(HttpMethod.Get, "/benchmarks", access)))
        {
            await ResponseShapes.AssertMatchesAsync(response, "/benchmarks", "GET");
            var benchmark = Assert.Single((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("benchmarks").EnumerateArray());
            Assert.Equal(Benchmark, benchmark.GetProperty("name").GetString());
            Assert.Equal(2, benchmark.GetProperty("runs").GetInt32());
            Assert.Equal(Id(JobB), benchmark.GetProperty("latest").GetProperty("id").GetString());
        }

        var runs = await GetAsync(access, $"/benchmarks/{Benchmark}/runs");
        Assert.Equal([Id(JobB), Id(JobA)], SlurmJobsApiTests.Ids(runs, "runs"));
        Assert.Equal(JsonValueKind.Null, runs.GetProperty("next_cursor").ValueKind);

        await AssertComparisonAsync(access, energyA, energyB, gflop);

        // The poller that started before the first upload sees both jobs, oldest change first.
        using (var response = await App.Client.SendAsync(App.Authorized(HttpMethod.Get, "/jobs?since=" + Uri.EscapeDataString(since), access)))
        {
            await ResponseShapes.AssertMatchesAsync(response, "/jobs", "GET");
            var changes = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal([Id(JobA), Id(JobB)], SlurmJobsApiTests.Ids(changes));
            Assert.Empty(changes.GetProperty("deleted").EnumerateArray());
        }

        // The Python contract: one call without limit lists every object uploaded.
        var listed = await GetAsync(access, "/storage/list");
        Assert.Equal(JsonValueKind.Null, listed.GetProperty("next_cursor").ValueKind);
        Assert.Equal(keys.Order(StringComparer.Ordinal), listed.GetProperty("objects").EnumerateArray().Select(o => o.GetProperty("key").GetString()!));
    }

    /// <summary>Registers, logs in with <c>POST /auth/password?u=&amp;p=</c>, refreshes with <c>?rid=</c>; returns the refreshed access token.</summary>
    private async Task<string> SignInAsClientAsync()
    {
        var username = RunningApp.NewUsername();
        var password = "pw-" + Guid.NewGuid().ToString("N")[..16];
        using (var register = await App.Client.PostAsJsonAsync("/auth/register", new { username, password }))
        {
            Assert.Equal(HttpStatusCode.Created, register.StatusCode);
        }

        TokenPair login;
        using (var response = await App.Client.PostAsync($"/auth/password?u={Uri.EscapeDataString(username)}&p={Uri.EscapeDataString(password)}", null))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            login = (await response.Content.ReadFromJsonAsync<TokenPair>())!;
        }

        using (var response = await App.Client.PostAsync($"/auth/refresh?rid={Uri.EscapeDataString(login.Refresh)}", null))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var refreshed = (await response.Content.ReadFromJsonAsync<TokenPair>())!;
            Assert.NotEqual(login.Refresh, refreshed.Refresh);
            return refreshed.Access;
        }
    }

    /// <summary>
    /// The client's upload of one file: presign with benchmark_name, PUT the bytes with the answer's headers
    /// merged into its own; then MinIO's event for the stored object (no userMetadata, so the benchmark must
    /// come from the object). Returns the key.
    /// </summary>
    private async Task<string> UploadAsClientAsync(string access, ClientFile file)
    {
        var path = $"/storage/presign/upload?object_name={Uri.EscapeDataString(file.ObjectName)}&benchmark_name={Benchmark}";
        using var presign = await App.Client.SendAsync(App.Authorized(HttpMethod.Post, path, access));
        var text = await presign.Content.ReadAsStringAsync();
        Assert.True(presign.StatusCode == HttpStatusCode.OK, $"{path}: {(int)presign.StatusCode} {text}");
        using var answer = JsonDocument.Parse(text);
        var key = answer.RootElement.GetProperty("key").GetString()!;
        Assert.Equal(AssemblySupport.KeyOf(JwtSubject(access), file.ObjectName), key);
        var headers = answer.RootElement.GetProperty("headers").EnumerateObject().ToDictionary(h => h.Name, h => h.Value.GetString()!);
        Assert.Equal(new Dictionary<string, string> { ["x-amz-meta-benchmark"] = Benchmark }, headers);

        using var put = new HttpRequestMessage(HttpMethod.Put, answer.RootElement.GetProperty("url").GetString()) { Content = new ByteArrayContent(file.Content) };
        put.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/octet-stream");
        foreach (var (name, value) in headers)
        {
            put.Headers.Add(name, value);
        }

        using var stored = await Direct.SendAsync(put);
        Assert.True(stored.StatusCode == HttpStatusCode.OK, $"PUT {key}: {(int)stored.StatusCode} {await stored.Content.ReadAsStringAsync()}");
        var etag = stored.Headers.ETag!.Tag.Trim('"');

        using var announced = await JobTestSupport.PostEventAsync(App, Jobs.Servers.WebhookToken, JobTestSupport.MinioEvent(Jobs.Servers.BucketName, key, etag, file.Content.Length));
        Assert.Equal(HttpStatusCode.OK, announced.StatusCode);
        return key;
    }

    /// <summary>Polls GET /jobs/{id} until the job is done, complete and counts <paramref name="files"/> files; fails with the last answer.</summary>
    private async Task<JsonElement> WaitUntilCompleteAsync(string access, long jobId, int files)
    {
        var deadline = DateTime.UtcNow + Timeout;
        var last = "";
        while (DateTime.UtcNow < deadline)
        {
            using var response = await App.Client.SendAsync(App.Authorized(HttpMethod.Get, "/jobs/" + Id(jobId), access));
            last = $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
            if (response.StatusCode == HttpStatusCode.OK)
            {
                var job = await response.Content.ReadFromJsonAsync<JsonElement>();
                if (job.GetProperty("state").GetString() == "done" && job.GetProperty("complete").GetBoolean() && job.GetProperty("files").GetInt32() == files)
                {
                    await ResponseShapes.AssertMatchesAsync(response, "/jobs/{id}", "GET");
                    return job;
                }
            }

            await Task.Delay(250);
        }

        var log = App.Logs.Lines.Where(l => !l.StartsWith("Debug", StringComparison.Ordinal) && !l.Contains(" Npgsql.", StringComparison.Ordinal)).TakeLast(60);
        Assert.Fail($"job {jobId} was not done and complete with {files} files within {Timeout.TotalSeconds} s; last answer: {last}\nlog:\n{string.Join("\n", log)}");
        return default;
    }

    /// <summary>The figures of one run against watts x seconds and GFLOP / J worked out by hand.</summary>
    private static void AssertJob(JsonElement job, long jobId, double energy, Dictionary<string, double> powers, double gflop)
    {
        Assert.Equal(Id(jobId), job.GetProperty("id").GetString());
        Assert.Equal(Id(jobId), job.GetProperty("slurm_job_id").GetString());
        Assert.Equal("", job.GetProperty("cluster").GetString());
        Assert.Equal(Benchmark, job.GetProperty("benchmark").GetString());
        Assert.Equal(0, job.GetProperty("uploads_failed").GetInt32());
        Assert.Equal(JsonValueKind.Null, job.GetProperty("error").ValueKind);
        Assert.Equal(2, job.GetProperty("nodes").GetInt32());
        Assert.Equal(["0", "1", "batch"], job.GetProperty("steps").EnumerateArray().Select(s => s.GetString()!).Order(StringComparer.Ordinal));
        Assert.Equal(energy, job.GetProperty("energy_to_solution_j").GetDouble(), 6);
        Assert.Equal(1200, job.GetProperty("time_to_solution_s").GetDouble(), 9);
        Assert.Equal(energy / 1200, job.GetProperty("average_power_w").GetDouble(), 6);
        Assert.Equal(powers.Values.Sum(), job.GetProperty("peak_power_w").GetDouble(), 6); // both nodes during steps 0 and 1
        Assert.Equal(energy / 3.6e9 * 87.5, job.GetProperty("cost_eur").GetDouble(), 12);  // JobsFixture.Price, EUR per MWh

        var perf = job.GetProperty("perf");
        Assert.Equal(4000, perf.GetProperty("dp_mflops").GetDouble(), 9);
        Assert.Equal(gflop, perf.GetProperty("gflop_total").GetDouble(), 9);
        Assert.Equal(gflop / energy, perf.GetProperty("gflops_per_w").GetDouble(), 15);
        Assert.Equal(gflop / energy * 3.6e6, perf.GetProperty("gflop_per_kwh").GetDouble(), 9);
        Assert.Equal("dp", perf.GetProperty("precision").GetString());
        Assert.Equal("job", perf.GetProperty("energy_basis").GetString());
    }

    /// <summary>B against A: every delta B minus A, in % of A, by hand; and the sentence.</summary>
    private async Task AssertComparisonAsync(string access, double energyA, double energyB, double gflop)
    {
        using var response = await App.Client.SendAsync(App.Authorized(HttpMethod.Get, $"/jobs/{Id(JobB)}/compare/{Id(JobA)}", access));
        await ResponseShapes.AssertMatchesAsync(response, "/jobs/{id}/compare/{other}", "GET");
        var comparison = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(Id(JobB), comparison.GetProperty("job").GetProperty("id").GetString());
        Assert.Equal(Id(JobA), comparison.GetProperty("other").GetProperty("id").GetString());
        var deltas = comparison.GetProperty("deltas");

        AssertDelta(deltas, "energy_to_solution_j", -112_000, -20, 6);
        AssertDelta(deltas, "energy_to_solution_j", energyB - energyA, (energyB - energyA) / energyA * 100, 6);
        AssertDelta(deltas, "average_power_w", (448_000.0 - 560_000) / 1200, -20, 6);
        AssertDelta(deltas, "peak_power_w", -100, -20, 6);
        AssertDelta(deltas, "time_to_solution_s", 0, 0, 9);
        AssertDelta(deltas, "cost_eur", -112_000 / 3.6e9 * 87.5, -20, 12);
        // Same work for less energy: 6.5 / 448,000 is 25 % more GFLOP per J than 6.5 / 560,000.
        AssertDelta(deltas, "gflops_per_w", (gflop / energyB) - (gflop / energyA), 25, 15);
        Assert.Equal(JsonValueKind.Null, deltas.GetProperty("co2_g").GetProperty("absolute").ValueKind);

        Assert.Equal($"used 20% less energy than run {JobA}", comparison.GetProperty("sentence").GetString());
        Assert.False(comparison.GetProperty("pipeline_versions_differ").GetBoolean());
    }

    private static void AssertDelta(JsonElement deltas, string figure, double absolute, double percent, int precision)
    {
        var delta = deltas.GetProperty(figure);
        Assert.Equal(absolute, delta.GetProperty("absolute").GetDouble(), precision);
        Assert.Equal(percent, delta.GetProperty("percent").GetDouble(), 9);
    }

    /// <summary>
    /// A job's files as they sit on the cluster: TwoNodeJob's layout (batch on cn001 0..1200 s, steps 0 and 1
    /// on both) at <paramref name="powers"/>, written with its writer and named as Slurm names them, plus the
    /// LIKWID CSV under the benchmark's directory.
    /// </summary>
    private static List<ClientFile> ClusterDirectory(long jobId, Dictionary<string, double> powers)
    {
        var directory = Directory.CreateTempSubdirectory("bench-client-contract-");
        try
        {
            var files = new List<ClientFile>();
            foreach (var (step, from, to) in TwoNodeJob.Steps)
            {
                foreach (var node in step == "batch" ? new[] { "cn001" } : new[] { "cn001", "cn002" })
                {
                    var name = SlurmFileNames.NodeStepFileName(jobId, step, node);
                    var path = Path.Combine(directory.FullName, name);
                    using (var builder = SlurmFileBuilder.NodeStep(path))
                    using (var writer = builder.AddNode(node, TwoNodeJob.Attributes(node)))
                    {
                        TwoNodeJob.Write(writer, from, to, (ulong)powers[node]);
                    }

                    files.Add(new ClientFile(name, File.ReadAllBytes(path)));
                }
            }

            Assert.Equal($"{jobId}_batch_cn001.h5", files[0].ObjectName);
            files.Add(new ClientFile($"{Benchmark}/job_{jobId}/flops_{jobId}.csv", Encoding.UTF8.GetBytes(AssemblySupport.TwoThreadsFlopsDp)));
            return files;
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    /// <summary>Each node's constant power over its span, steps merged and counted once (the gap between cn002's steps bridged): 1200 s and 1000 s.</summary>
    private static double HandEnergy(Dictionary<string, double> powers) =>
        TwoNodeJob.Steps
            .SelectMany(s => (s.Step == "batch" ? new[] { "cn001" } : new[] { "cn001", "cn002" }).Select(node => (node, s.From, s.To)))
            .GroupBy(x => x.node)
            .Sum(g => powers[g.Key] * (g.Max(x => x.To) - g.Min(x => x.From)));

    /// <summary>The CSV's two threads: 1000 MFLOP/s for 2.0 s and 3000 MFLOP/s for 1.5 s, in GFLOP.</summary>
    private static double HandGflop() => ((1000 * 2.0) + (3000 * 1.5)) / 1000;

    private static async Task<AnalysisResult> AnalyseLocallyAsync(IEnumerable<ClientFile> files)
    {
        var directory = Directory.CreateTempSubdirectory("bench-client-contract-local-");
        try
        {
            var paths = new List<string>();
            foreach (var file in files.Where(f => f.ObjectName.EndsWith(".h5", StringComparison.Ordinal)))
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

    private static string Id(long jobId) => jobId.ToString(CultureInfo.InvariantCulture);

    private static string JwtSubject(string access) => Jwt.Payload(access).GetProperty("sub").GetString()!;

    private async Task<JsonElement> GetAsync(string access, string path)
    {
        using var response = await App.Client.SendAsync(App.Authorized(HttpMethod.Get, path, access));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
