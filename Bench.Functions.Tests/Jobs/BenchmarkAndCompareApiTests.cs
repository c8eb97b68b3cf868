using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Bench.Functions.Tests.Contract;
using Bench.Functions.Tests.Hosting;
using Bench.Pipeline.Perf;

namespace Bench.Functions.Tests.Jobs;

/// <summary>GET /benchmarks, /benchmarks/{name}/runs and /jobs/{id}/compare/{other} over jobs built through the real pipeline.</summary>
public sealed class BenchmarkAndCompareApiTests(JobsFixture fixture) : SeededJobsTests(fixture), IClassFixture<JobsFixture>
{
    [Fact]
    public async Task BenchmarksCountTheirRunsCaseSensitivelyAndPageThemNewestFirst()
    {
        var (alice, _, tokens) = await App.RegisterAsync();
        var (bob, _, bobTokens) = await App.RegisterAsync();
        await Seeder.SeedAsync(alice, 3001, [("cn001", 100)], 100, benchmark: "flops");
        await Seeder.SeedAsync(alice, 3002, [("cn001", 200)], 100, benchmark: "flops");
        await Seeder.SeedAsync(alice, 3003, [("cn001", 100)], 100, benchmark: "Flops");
        await Seeder.SeedAsync(alice, 3004, [("cn001", 100)], 100);
        await Seeder.SeedAsync(bob, 3005, [("cn001", 100)], 100, benchmark: "flops");

        using var response = await App.Client.SendAsync(App.Authorized(HttpMethod.Get, "/benchmarks", tokens.Access));
        await ResponseShapes.AssertMatchesAsync(response, "/benchmarks", "GET");
        var benchmarks = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("benchmarks").EnumerateArray().ToList();
        Assert.Equal(["Flops", "flops"], benchmarks.Select(b => b.GetProperty("name").GetString()));
        Assert.Equal([1, 2], benchmarks.Select(b => b.GetProperty("runs").GetInt32()));
        Assert.Equal("3002", benchmarks[1].GetProperty("latest").GetProperty("id").GetString());
        Assert.Equal(20_000, benchmarks[1].GetProperty("latest").GetProperty("energy_to_solution_j").GetDouble(), 6);

        using var runs = await App.Client.SendAsync(App.Authorized(HttpMethod.Get, "/benchmarks/flops/runs?limit=1", tokens.Access));
        await ResponseShapes.AssertMatchesAsync(runs, "/benchmarks/{name}/runs", "GET");
        var first = await runs.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(["3002"], SlurmJobsApiTests.Ids(first, "runs"));
        var rest = await GetAsync(tokens.Access, "/benchmarks/flops/runs?limit=1&cursor=" + Uri.EscapeDataString(first.GetProperty("next_cursor").GetString()!));
        Assert.Equal(["3001"], SlurmJobsApiTests.Ids(rest, "runs"));
        Assert.Equal(JsonValueKind.Null, rest.GetProperty("next_cursor").ValueKind);

        using var upper = await App.Client.SendAsync(App.Authorized(HttpMethod.Get, "/benchmarks/FLOPS/runs", tokens.Access));
        await Problem.AssertAsync(upper, HttpStatusCode.NotFound);
        var bobs = await GetAsync(bobTokens.Access, "/benchmarks/flops/runs");
        Assert.Equal(["3005"], SlurmJobsApiTests.Ids(bobs, "runs"));
    }

    [Fact]
    public async Task ComparingTwoRunsGivesDeltasByHandAndASentence()
    {
        var (alice, _, tokens) = await App.RegisterAsync();
        // 300 + 200 W for 600 s = 300,000 J; 250 + 200 W for 600 s = 270,000 J.
        // Both did 3,000 GFLOP (double precision): 0.01 and 1/90 GFLOP per J.
        var counters = new PerfCounters(5000, null, 3000, null, 600, null, 2, []);
        await Seeder.SeedAsync(alice, 3101, [("cn001", 300), ("cn002", 200)], 600, benchmark: "flops", perf: counters);
        await Seeder.SeedAsync(alice, 3102, [("cn001", 250), ("cn002", 200)], 600, benchmark: "flops", cluster: "lumi", perf: counters);

        using var response = await App.Client.SendAsync(App.Authorized(HttpMethod.Get, "/jobs/3102@lumi/compare/3101", tokens.Access));
        await ResponseShapes.AssertMatchesAsync(response, "/jobs/{id}/compare/{other}", "GET");
        var comparison = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("3102@lumi", comparison.GetProperty("job").GetProperty("id").GetString());
        Assert.Equal("3101", comparison.GetProperty("other").GetProperty("id").GetString());
        var deltas = comparison.GetProperty("deltas");
        Assert.Equal(-30_000, deltas.GetProperty("energy_to_solution_j").GetProperty("absolute").GetDouble(), 6);
        Assert.Equal(-10, deltas.GetProperty("energy_to_solution_j").GetProperty("percent").GetDouble(), 9);
        Assert.Equal(-50, deltas.GetProperty("average_power_w").GetProperty("absolute").GetDouble(), 6);
        Assert.Equal(0, deltas.GetProperty("time_to_solution_s").GetProperty("absolute").GetDouble(), 9);
        Assert.Equal(-30_000 / 3.6e9 * 100, deltas.GetProperty("cost_eur").GetProperty("absolute").GetDouble(), 12);
        Assert.Equal(JsonValueKind.Null, deltas.GetProperty("co2_g").GetProperty("percent").ValueKind);
        var perf = comparison.GetProperty("other").GetProperty("perf");
        Assert.Equal(0.01, perf.GetProperty("gflops_per_w").GetDouble(), 12);
        Assert.Equal(36_000, perf.GetProperty("gflop_per_kwh").GetDouble(), 6);
        Assert.Equal("dp", perf.GetProperty("precision").GetString());
        Assert.Equal("job", perf.GetProperty("energy_basis").GetString());
        Assert.Equal((3000.0 / 270_000) - 0.01, deltas.GetProperty("gflops_per_w").GetProperty("absolute").GetDouble(), 12);
        Assert.Equal(100.0 / 9, deltas.GetProperty("gflops_per_w").GetProperty("percent").GetDouble(), 9);
        Assert.Equal("used 10% less energy than run 3101", comparison.GetProperty("sentence").GetString());
        Assert.False(comparison.GetProperty("pipeline_versions_differ").GetBoolean());

        var reverse = await GetAsync(tokens.Access, "/jobs/3101/compare/" + Uri.EscapeDataString("3102@lumi"));
        // 30,000 / 270,000 = 11.1%.
        Assert.Equal(100.0 / 9, reverse.GetProperty("deltas").GetProperty("energy_to_solution_j").GetProperty("percent").GetDouble(), 9);
        Assert.Equal("used 11% more energy than run 3102@lumi", reverse.GetProperty("sentence").GetString());

        await Fixture.ScalarAsync<int>("WITH u AS (UPDATE slurm_jobs SET pipeline_version = '0.0.1' WHERE job_key = $1 RETURNING 1) SELECT count(*)::int FROM u", $"{alice}//3101");
        var versions = await GetAsync(tokens.Access, "/jobs/3102@lumi/compare/3101");
        Assert.True(versions.GetProperty("pipeline_versions_differ").GetBoolean());
        Assert.StartsWith("used 10% less energy than run 3101 (note: analysed by pipeline ", versions.GetProperty("sentence").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ComparingWithAnotherUsersJobIsNotFound()
    {
        var (alice, _, tokens) = await App.RegisterAsync();
        var (bob, _, _) = await App.RegisterAsync();
        await Seeder.SeedAsync(alice, 3201, [("cn001", 100)], 100);
        await Seeder.SeedAsync(bob, 3202, [("cn001", 100)], 100);

        foreach (var path in new[] { "/jobs/3201/compare/3202", "/jobs/3202/compare/3201" })
        {
            using var response = await App.Client.SendAsync(App.Authorized(HttpMethod.Get, path, tokens.Access));
            var problem = await Problem.AssertAsync(response, HttpStatusCode.NotFound);
            Assert.Equal("You have no job '3202'.", problem.Detail());
        }
    }

    private async Task<JsonElement> GetAsync(string accessToken, string path)
    {
        using var response = await App.Client.SendAsync(App.Authorized(HttpMethod.Get, path, accessToken));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
