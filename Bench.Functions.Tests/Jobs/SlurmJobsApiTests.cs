using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Bench.Functions.Tests.Contract;
using Bench.Functions.Tests.Hosting;

namespace Bench.Functions.Tests.Jobs;

/// <summary>
/// GET /jobs, /jobs/{id}, /jobs/{id}/series: the caller's Slurm jobs built through the real pipeline, figures
/// checked against values worked out by hand (constant power: energy = watts x seconds per node).
/// </summary>
public sealed class SlurmJobsApiTests(JobsFixture fixture) : SeededJobsTests(fixture), IClassFixture<JobsFixture>
{
    [Fact]
    public async Task TheListHasOnlyTheCallersSlurmJobsNewestUpdatedFirstAPageAtATime()
    {
        var (alice, _, tokens) = await App.RegisterAsync();
        var (bob, _, _) = await App.RegisterAsync();
        await Seeder.SeedAsync(alice, 1001, [("cn001", 300), ("cn002", 200)], 600, benchmark: "flops");
        await Seeder.SeedAsync(alice, 1002, [("cn001", 100)], 300);
        await Seeder.SeedAsync(alice, 1003, [("cn001", 100)], 300, cluster: "lumi");
        await Seeder.SeedAsync(bob, 1001, [("cn001", 50)], 100);

        using var response = await App.Client.SendAsync(App.Authorized(HttpMethod.Get, "/jobs?limit=2", tokens.Access));
        await ResponseShapes.AssertMatchesAsync(response, "/jobs", "GET");
        var first = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(["1003@lumi", "1002"], Ids(first));
        Assert.Equal("lumi", first.GetProperty("jobs")[0].GetProperty("cluster").GetString());
        Assert.False(string.IsNullOrEmpty(first.GetProperty("next_since").GetString()));

        var second = await GetAsync(tokens.Access, "/jobs?limit=2&cursor=" + Uri.EscapeDataString(first.GetProperty("next_cursor").GetString()!));
        Assert.Equal(["1001"], Ids(second));
        Assert.Equal(JsonValueKind.Null, second.GetProperty("next_cursor").ValueKind);

        var job = second.GetProperty("jobs")[0];
        // By hand: cn001 300 W x 600 s + cn002 200 W x 600 s = 300,000 J over 600 s; cost 300,000 J / 3.6e9 J/MWh x 100 EUR/MWh.
        Assert.Equal("1001", job.GetProperty("slurm_job_id").GetString());
        Assert.Equal("", job.GetProperty("cluster").GetString());
        Assert.Equal("flops", job.GetProperty("benchmark").GetString());
        Assert.Equal("done", job.GetProperty("state").GetString());
        Assert.True(job.GetProperty("complete").GetBoolean());
        Assert.Equal(2, job.GetProperty("files").GetInt32());
        Assert.Equal(0, job.GetProperty("uploads_failed").GetInt32());
        Assert.Equal(2, job.GetProperty("nodes").GetInt32());
        Assert.Equal(["batch"], job.GetProperty("steps").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal(300_000, job.GetProperty("energy_to_solution_j").GetDouble(), 6);
        Assert.Equal(600, job.GetProperty("time_to_solution_s").GetDouble(), 9);
        Assert.Equal(500, job.GetProperty("average_power_w").GetDouble(), 6);
        Assert.Equal(500, job.GetProperty("peak_power_w").GetDouble(), 6);
        Assert.Equal(300_000 / 3.6e9 * 100, job.GetProperty("cost_eur").GetDouble(), 12);
        Assert.Equal(JsonValueKind.Null, job.GetProperty("co2_g").ValueKind);
        Assert.Equal(JsonValueKind.Null, job.GetProperty("perf").ValueKind);
        Assert.Equal(Pipeline.Sinks.ResultProvenance.PipelineVersion, job.GetProperty("pipeline_version").GetString());
    }

    [Fact]
    public async Task OneJobHasItsPerNodeFiguresAndUploadsAndAnotherUsersIsNotFound()
    {
        var (alice, _, tokens) = await App.RegisterAsync();
        var (_, _, bobTokens) = await App.RegisterAsync();
        var seeded = await Seeder.SeedAsync(alice, 1101, [("cn001", 300), ("cn002", 200)], 600, cluster: "lumi");

        using var response = await App.Client.SendAsync(App.Authorized(HttpMethod.Get, "/jobs/" + Uri.EscapeDataString("1101@lumi"), tokens.Access));
        await ResponseShapes.AssertMatchesAsync(response, "/jobs/{id}", "GET");
        var job = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("1101@lumi", job.GetProperty("id").GetString());
        var perNode = job.GetProperty("per_node").EnumerateArray().ToDictionary(n => n.GetProperty("node").GetString()!, n => n.GetProperty("energy_j").GetDouble());
        Assert.Equal(180_000, perNode["cn001"], 6);
        Assert.Equal(120_000, perNode["cn002"], 6);
        Assert.Equal(seeded.ObjectKeys.Order(), job.GetProperty("uploads").EnumerateArray().Select(u => u.GetProperty("key").GetString()!).Order());
        Assert.All(job.GetProperty("uploads").EnumerateArray(), u => Assert.Equal("succeeded", u.GetProperty("state").GetString()));

        foreach (var path in new[] { "/jobs/1101@lumi", "/jobs/1101", "/jobs/1101@lumi/series", "/jobs/@lumi", "/jobs/1101@" })
        {
            using var missing = await App.Client.SendAsync(App.Authorized(HttpMethod.Get, path, path.StartsWith("/jobs/1101@lumi", StringComparison.Ordinal) ? bobTokens.Access : tokens.Access));
            var problem = await Problem.AssertAsync(missing, HttpStatusCode.NotFound);
            Assert.StartsWith("You have no job", problem.Detail(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task TheSeriesComesFromTheJobsTimelineAndAgreesWithItsNodes()
    {
        var (alice, _, tokens) = await App.RegisterAsync();
        await Seeder.SeedAsync(alice, 1201, [("cn001", 300), ("cn002", 200)], 600);

        using var response = await App.Client.SendAsync(App.Authorized(HttpMethod.Get, "/jobs/1201/series?points=10", tokens.Access));
        await ResponseShapes.AssertMatchesAsync(response, "/jobs/{id}/series", "GET");
        var series = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("1201", series.GetProperty("job_id").GetString());
        Assert.StartsWith("slurm_job_", series.GetProperty("table_name").GetString(), StringComparison.Ordinal);
        Assert.Equal(60.0, series.GetProperty("bucket_seconds").GetDouble(), 9);
        var nodes = series.GetProperty("nodes").EnumerateArray().ToDictionary(n => n.GetProperty("node").GetString()!);
        Assert.Equal(["cn001", "cn002"], nodes.Keys.Order());
        Assert.Equal(180_000, nodes["cn001"].GetProperty("energy_j").EnumerateArray().Last().GetDouble(), 6);
        Assert.Equal(120_000, nodes["cn002"].GetProperty("energy_j").EnumerateArray().Last().GetDouble(), 6);
        Assert.Equal(61, nodes["cn001"].GetProperty("samples").GetInt32());
        Assert.All(nodes["cn002"].GetProperty("power_w").EnumerateArray(), p => Assert.Equal(200, p.GetDouble(), 9));

        // Seeded without a stored series (as a job assembled before them): read from the timeline, with the
        // seeder's fixed tariff: cost = joules / 3.6e9 MWh x 100 EUR/MWh, at each bucket's last sample.
        Assert.Equal(0L, await Fixture.ScalarAsync<long>("SELECT count(*) FROM slurm_job_series"));
        var cost = nodes["cn001"].GetProperty("cost_eur").EnumerateArray().Select(c => c.GetDouble()).ToArray();
        var energy = nodes["cn001"].GetProperty("energy_j").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        Assert.Equal(10, cost.Length);
        Assert.Equal(180_000 / 3.6e9 * SlurmJobSeeder.PriceEurPerMwh, cost[^1], 12);
        Assert.All(energy.Zip(cost), p => Assert.Equal(p.First / 3.6e9 * SlurmJobSeeder.PriceEurPerMwh, p.Second, 12));
        Assert.All(nodes["cn002"].GetProperty("price_eur_per_mwh").EnumerateArray(), p => Assert.Equal(SlurmJobSeeder.PriceEurPerMwh, p.GetDouble(), 9));
    }

    [Fact]
    public async Task AJobNotAssembledYetHasNullFiguresIsIncompleteAndItsSeriesIsAConflict()
    {
        var (alice, _, tokens) = await App.RegisterAsync();
        await Seeder.UpsertStatusAsync(alice, "", "1301", "stream", files: 1, settled: false, state: "pending");

        var job = await GetAsync(tokens.Access, "/jobs/1301");
        Assert.Equal("pending", job.GetProperty("state").GetString());
        Assert.False(job.GetProperty("complete").GetBoolean());
        Assert.Equal(JsonValueKind.Null, job.GetProperty("energy_to_solution_j").ValueKind);
        Assert.Equal(JsonValueKind.Null, job.GetProperty("nodes").ValueKind);

        using var series = await App.Client.SendAsync(App.Authorized(HttpMethod.Get, "/jobs/1301/series", tokens.Access));
        var problem = await Problem.AssertAsync(series, HttpStatusCode.Conflict);
        Assert.Contains("has not been assembled yet", problem.Detail(), StringComparison.Ordinal);
        await ResponseShapes.AssertMatchesAsync(series, "/jobs/{id}/series", "GET");
    }

    [Fact]
    public async Task ADoneJobIsCompleteOnlyOnceNoFileArrivedForTheSettleWindow()
    {
        var (alice, _, tokens) = await App.RegisterAsync();
        await Seeder.SeedAsync(alice, 1401, [("cn001", 100)], 100);
        Assert.True((await GetAsync(tokens.Access, "/jobs/1401")).GetProperty("complete").GetBoolean());

        await Seeder.UpsertStatusAsync(alice, "", "1401", null, files: 1, settled: false);
        var job = await GetAsync(tokens.Access, "/jobs/1401");
        Assert.Equal("done", job.GetProperty("state").GetString());
        Assert.False(job.GetProperty("complete").GetBoolean());
    }

    [Theory]
    [InlineData("/jobs?limit=0", "limit must be")]
    [InlineData("/jobs?cursor=bm90LWEtY3Vyc29y", "cursor is not")]
    [InlineData("/jobs?since=bm90LWEtdG9rZW4", "since is not")]
    [InlineData("/jobs?since=", "since is not")]
    [InlineData("/jobs?since=YzEuMQ&cursor=x", "since and cursor")]
    [InlineData("/jobs/1/series?points=1", "points must be")]
    [InlineData("/benchmarks/flops/runs?limit=5000", "limit must be")]
    [InlineData("/benchmarks/flops/runs?cursor=zz", "cursor is not")]
    public async Task BadParametersAre400Problems(string path, string detail)
    {
        var (_, _, tokens) = await App.RegisterAsync();
        using var response = await App.Client.SendAsync(App.Authorized(HttpMethod.Get, path, tokens.Access));
        var problem = await Problem.AssertAsync(response, HttpStatusCode.BadRequest);
        Assert.StartsWith(detail, problem.Detail(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task JobsBenchmarksAndDeletionsNeedAnAccessToken()
    {
        foreach (var (method, path) in new[] { (HttpMethod.Get, "/jobs"), (HttpMethod.Get, "/jobs/1"), (HttpMethod.Delete, "/jobs/1"), (HttpMethod.Get, "/jobs/1/compare/2"), (HttpMethod.Get, "/benchmarks"), (HttpMethod.Delete, "/storage/object?object_name=a.h5") })
        {
            using var response = await App.Client.SendAsync(new HttpRequestMessage(method, path));
            await Problem.AssertAsync(response, HttpStatusCode.Unauthorized);
        }
    }

    internal static string[] Ids(JsonElement page, string property = "jobs") =>
        [.. page.GetProperty(property).EnumerateArray().Select(j => j.GetProperty("id").GetString()!)];

    private async Task<JsonElement> GetAsync(string accessToken, string path)
    {
        using var response = await App.Client.SendAsync(App.Authorized(HttpMethod.Get, path, accessToken));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
