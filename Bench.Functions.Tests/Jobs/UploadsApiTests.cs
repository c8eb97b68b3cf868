using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Bench.Functions.Tests.Hosting;
using static Bench.Functions.Tests.Jobs.JobTestSupport;

namespace Bench.Functions.Tests.Jobs;

/// <summary>GET /uploads, /uploads/{id} and /uploads/{id}/series: only the caller's uploads, paged, and series that add up.</summary>
public sealed class UploadsApiTests(JobsFixture fixture) : IClassFixture<JobsFixture>
{
    private RunningApp App => fixture.App;

    [Fact]
    public async Task TheListHasOnlyTheCallersJobsNewestFirstAPageAtATime()
    {
        var (alice, _, aliceTokens) = await App.RegisterAsync();
        var (bob, _, _) = await App.RegisterAsync();
        var ids = new List<Guid>();
        foreach (var name in new[] { "a.h5", "b.h5", "c.h5" })
        {
            ids.Add(await AnnounceAsync(App, fixture.Servers.WebhookToken, fixture.Servers.BucketName, $"{alice}/{name}", "etag-" + name, 1));
        }

        await AnnounceAsync(App, fixture.Servers.WebhookToken, fixture.Servers.BucketName, $"{bob}/a.h5", "etag-bob", 1);

        var first = await GetAsync(aliceTokens.Access, "/uploads?limit=2");
        Assert.Equal([ids[2], ids[1]], first.GetProperty("jobs").EnumerateArray().Select(j => j.GetProperty("id").GetGuid()));
        Assert.Equal($"{alice}/c.h5", first.GetProperty("jobs")[0].GetProperty("key").GetString());
        Assert.Equal("c.h5", first.GetProperty("jobs")[0].GetProperty("file_name").GetString());
        var cursor = first.GetProperty("next_cursor").GetString()!;

        var second = await GetAsync(aliceTokens.Access, "/uploads?limit=2&cursor=" + Uri.EscapeDataString(cursor));
        Assert.Equal([ids[0]], second.GetProperty("jobs").EnumerateArray().Select(j => j.GetProperty("id").GetGuid()));
        Assert.Equal(JsonValueKind.Null, second.GetProperty("next_cursor").ValueKind);
    }

    [Fact]
    public async Task AnotherUsersJobIsNotFoundExactlyLikeAMissingOne()
    {
        var (alice, _, _) = await App.RegisterAsync();
        var (_, _, bobTokens) = await App.RegisterAsync();
        var job = await AnnounceAsync(App, fixture.Servers.WebhookToken, fixture.Servers.BucketName, $"{alice}/secret.h5", "etag-secret", 1);

        foreach (var path in new[] { $"/uploads/{job}", $"/uploads/{job}/series", $"/uploads/{Guid.NewGuid()}", "/uploads/not-a-guid", "/uploads/not-a-guid/series" })
        {
            using var response = await App.Client.SendAsync(App.Authorized(HttpMethod.Get, path, bobTokens.Access));
            var problem = await Problem.AssertAsync(response, HttpStatusCode.NotFound);
            Assert.StartsWith("You have no upload", problem.Detail(), StringComparison.Ordinal);
        }

        var list = await GetAsync(bobTokens.Access, "/uploads");
        Assert.Empty(list.GetProperty("jobs").EnumerateArray());
    }

    [Fact]
    public async Task UploadsNeedAnAccessToken()
    {
        foreach (var path in new[] { "/uploads", $"/uploads/{Guid.NewGuid()}", $"/uploads/{Guid.NewGuid()}/series" })
        {
            using var response = await App.Client.GetAsync(path);
            await Problem.AssertAsync(response, HttpStatusCode.Unauthorized);
        }
    }

    [Theory]
    [InlineData("/uploads?limit=0", "limit must be")]
    [InlineData("/uploads?limit=1001", "limit must be")]
    [InlineData("/uploads?limit=two", "limit must be")]
    [InlineData("/uploads?cursor=bm90LWEtY3Vyc29y", "cursor is not")]
    public async Task BadListParametersAre400(string path, string detail)
    {
        var (_, _, tokens) = await App.RegisterAsync();
        using var response = await App.Client.SendAsync(App.Authorized(HttpMethod.Get, path, tokens.Access));
        var problem = await Problem.AssertAsync(response, HttpStatusCode.BadRequest);
        Assert.StartsWith(detail, problem.Detail(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheSeriesOfAJobThatHasNotSucceededIsAConflict()
    {
        var (alice, _, tokens) = await App.RegisterAsync();
        var job = await AnnounceAsync(App, fixture.Servers.WebhookToken, fixture.Servers.BucketName, $"{alice}/missing.h5", "etag-missing", 1);
        await WaitForStateAsync(fixture, job, TimeSpan.FromSeconds(30), "failed");
        using var response = await App.Client.SendAsync(App.Authorized(HttpMethod.Get, $"/uploads/{job}/series", tokens.Access));
        var problem = await Problem.AssertAsync(response, HttpStatusCode.Conflict);
        Assert.Equal($"Upload {job} is failed; its series exists once it has succeeded.", problem.Detail());
    }

    [Fact]
    public async Task TheSeriesIsCutIntoBucketsPerNodeWhoseFiguresAgreeWithTheAnalysis()
    {
        var (_, _, tokens) = await App.RegisterAsync();
        var profile = Profile(SmallProfile(seed: 5), "job_8080.h5");
        var (key, etag) = await UploadAsync(App, tokens.Access, "job_8080.h5", profile);
        var job = await AnnounceAsync(App, fixture.Servers.WebhookToken, fixture.Servers.BucketName, key, etag, profile.Length);
        await WaitForStateAsync(fixture, job, TimeSpan.FromSeconds(60), "succeeded");
        var local = await JobPipelineTests.AnalyzeLocallyAsync(profile, "job_8080.h5");

        var series = await GetAsync(tokens.Access, $"/uploads/{job}/series?points=10");
        Assert.Equal(10, series.GetProperty("points").GetInt32());
        Assert.Equal(36.0, series.GetProperty("bucket_seconds").GetDouble(), 9);
        var nodes = series.GetProperty("nodes").EnumerateArray().ToList();
        Assert.Equal(["cn001", "cn002"], nodes.Select(n => n.GetProperty("node").GetString()));
        foreach (var node in nodes)
        {
            var expected = local.GetProperty("per_node").EnumerateArray().Single(n => n.GetProperty("node").GetString() == node.GetProperty("node").GetString());
            var elapsed = Doubles(node, "elapsed_s");
            var energy = Doubles(node, "energy_j");
            Assert.Equal(181, node.GetProperty("samples").GetInt32());
            Assert.Equal(10, elapsed.Length);
            // Samples at 0, 2, ..., 360 s in 36 s buckets: each bucket ends at its last even second, the last holds 360.
            Assert.Equal([34, 70, 106, 142, 178, 214, 250, 286, 322, 360], elapsed);
            Assert.Equal(expected.GetProperty("energy_j").GetDouble(), energy[^1], 6);
            Assert.Equal(expected.GetProperty("peak_power_w").GetDouble(), Doubles(node, "peak_power_w").Max(), 9);
            Assert.True(energy.Zip(energy.Skip(1)).All(p => p.First <= p.Second), "cumulative energy never decreases");
        }

        // More points than samples: every sample, as stored.
        var full = await GetAsync(tokens.Access, $"/uploads/{job}/series?points=1000");
        var first = full.GetProperty("nodes")[0];
        Assert.Equal(Enumerable.Range(0, 181).Select(i => 2.0 * i), Doubles(first, "elapsed_s"));
        Assert.Equal(Doubles(first, "power_w"), Doubles(first, "peak_power_w"));
    }

    [Theory]
    [InlineData("1")]
    [InlineData("10001")]
    [InlineData("-5")]
    public async Task SeriesPointsOutsideTwoToTenThousandAre400(string points)
    {
        var (_, _, tokens) = await App.RegisterAsync();
        using var response = await App.Client.SendAsync(App.Authorized(HttpMethod.Get, $"/uploads/{Guid.NewGuid()}/series?points={points}", tokens.Access));
        var problem = await Problem.AssertAsync(response, HttpStatusCode.BadRequest);
        Assert.StartsWith("points must be", problem.Detail(), StringComparison.Ordinal);
    }

    private async Task<JsonElement> GetAsync(string accessToken, string path)
    {
        using var response = await App.Client.SendAsync(App.Authorized(HttpMethod.Get, path, accessToken));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static double[] Doubles(JsonElement node, string name) =>
        node.GetProperty(name).EnumerateArray().Select(v => v.GetDouble()).ToArray();
}
