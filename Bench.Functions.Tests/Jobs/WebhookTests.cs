using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Bench.Functions.Tests.Hosting;
using static Bench.Functions.Tests.Jobs.JobTestSupport;

namespace Bench.Functions.Tests.Jobs;

/// <summary>POST /minio-event: the token, what is accepted, what is ignored, and never a 500.</summary>
public sealed class WebhookTests(JobsFixture fixture) : IClassFixture<JobsFixture>
{
    private RunningApp App => fixture.App;

    private string Bucket => fixture.Servers.BucketName;

    [Theory]
    [InlineData(null)]
    [InlineData("Bearer wrong-token-of-some-length")]
    [InlineData("Basic dXNlcjpwYXNz")]
    [InlineData("Bearer ")]
    public async Task AnEventWithoutTheRightBearerTokenIs401AndRecordsNothing(string? authorization)
    {
        var key = RunningApp.NewUsername() + "/x.h5";
        var request = new HttpRequestMessage(HttpMethod.Post, "/minio-event") { Content = new StringContent(MinioEvent(Bucket, key, "abc", 1), Encoding.UTF8, "application/json") };
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        using var response = await App.Client.SendAsync(request);
        var problem = await Problem.AssertAsync(response, HttpStatusCode.Unauthorized);
        Assert.Contains("MINIO_WEBHOOK_TOKEN", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Equal(0L, await fixture.ScalarAsync<long>("SELECT count(*) FROM analysis_jobs WHERE object_key = $1", key));
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("")]
    [InlineData("\"unterminated")]
    public async Task ABodyThatIsNotJsonIs400WithAProblem(string body)
    {
        using var response = await PostEventAsync(App, fixture.Servers.WebhookToken, body);
        var problem = await Problem.AssertAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("not JSON", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("[]")]
    [InlineData("42")]
    [InlineData("{\"Records\":\"nope\"}")]
    [InlineData("{\"EventName\":\"s3:ObjectCreated:Put\",\"Records\":[]}")]
    public async Task JsonWithoutRecordsIsAcknowledgedWithNothingAccepted(string body)
    {
        using var response = await PostEventAsync(App, fixture.Servers.WebhookToken, body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Empty(answer.GetProperty("accepted").EnumerateArray());
        Assert.Equal("the event has no Records", Assert.Single(answer.GetProperty("ignored").EnumerateArray()).GetProperty("reason").GetString());
    }

    [Fact]
    public async Task EventsThatAreNotForUsAreAcknowledgedEachWithItsReasonSoMinioDoesNotStall()
    {
        var user = RunningApp.NewUsername();
        var records = new[]
        {
            Record("s3:ObjectRemoved:Delete", Bucket, $"{user}/gone.h5", "e1"),
            Record("s3:ObjectCreated:Put", "another-bucket", $"{user}/x.h5", "e2"),
            Record("s3:ObjectCreated:Put", Bucket, $"{user}/notes.txt", "e3"),
            Record("s3:ObjectCreated:Put", Bucket, "toplevel.h5", "e4"),
            Record("s3:ObjectCreated:Put", Bucket, $"{user}/no-etag.h5", null),
            "\"a string, not a record\"",
            Record("s3:ObjectCreated:Put", Bucket, $"{user}/wanted file.h5", "\"e5\""),
        };
        using var response = await PostEventAsync(App, fixture.Servers.WebhookToken, $"{{\"Records\":[{string.Join(",", records)}]}}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = await response.Content.ReadFromJsonAsync<JsonElement>();

        var accepted = Assert.Single(answer.GetProperty("accepted").EnumerateArray());
        // The key arrives form-encoded ('/' as %2F, ' ' as '+') and the quotes come off the ETag.
        Assert.Equal($"{user}/wanted file.h5", accepted.GetProperty("key").GetString());
        Assert.Equal("e5", accepted.GetProperty("etag").GetString());
        Assert.False(accepted.GetProperty("duplicate").GetBoolean());
        Assert.Equal(user, await fixture.ScalarAsync<string>("SELECT owner FROM analysis_jobs WHERE id = $1", accepted.GetProperty("job_id").GetGuid()));

        var reasons = answer.GetProperty("ignored").EnumerateArray().Select(i => i.GetProperty("reason").GetString()).ToList();
        Assert.Equal(
            [
                "s3:ObjectRemoved:Delete is not an object creation",
                $"bucket 'another-bucket' is not '{Bucket}'",
                "not an .h5 or .csv file",
                "no username segment before the file name",
                "the record has no eTag (the rescan will pick the object up)",
                "the record has no eventName",
            ],
            reasons);
    }

    [Fact]
    public async Task TheLegacyRouteTakesTheSameEvents()
    {
        var key = RunningApp.NewUsername() + "/legacy.h5";
        using var response = await PostEventAsync(App, fixture.Servers.WebhookToken, MinioEvent(Bucket, key, "0123abcd", 10), "/minio");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1L, await fixture.ScalarAsync<long>("SELECT count(*) FROM analysis_jobs WHERE object_key = $1 AND etag = '0123abcd'", key));
    }

    [Fact]
    public async Task AnEventForAnObjectThatIsAlreadyGoneFailsItsJobWithoutRetrying()
    {
        var key = RunningApp.NewUsername() + "/never-uploaded.h5";
        var job = await AnnounceAsync(App, fixture.Servers.WebhookToken, Bucket, key, "d41d8cd98f00b204e9800998ecf8427e", 0);
        var state = await WaitForStateAsync(fixture, job, TimeSpan.FromSeconds(30), "failed");
        Assert.Contains("does not exist any more", state, StringComparison.Ordinal);
        Assert.Equal(1, await fixture.ScalarAsync<int>("SELECT attempts FROM analysis_jobs WHERE id = $1", job));
    }

    [Fact]
    public async Task AnEventForAVersionThatWasReplacedFailsItsJobAndTheNewVersionIsAnalysed()
    {
        var (_, _, tokens) = await App.RegisterAsync();
        var first = Profile(SmallProfile(seed: 41), "job_6001.h5");
        var (key, oldETag) = await UploadAsync(App, tokens.Access, "job_6001.h5", first);
        var second = Profile(SmallProfile(seed: 42), "job_6001.h5");
        var (_, newETag) = await UploadAsync(App, tokens.Access, "job_6001.h5", second);
        Assert.NotEqual(oldETag, newETag);

        // The newer version's event overtakes the older one's.
        var newer = await AnnounceAsync(App, fixture.Servers.WebhookToken, Bucket, key, newETag, second.Length);
        await WaitForStateAsync(fixture, newer, TimeSpan.FromSeconds(60), "succeeded");
        var older = await AnnounceAsync(App, fixture.Servers.WebhookToken, Bucket, key, oldETag, first.Length);
        var state = await WaitForStateAsync(fixture, older, TimeSpan.FromSeconds(60), "failed");

        Assert.Contains("was replaced", state, StringComparison.Ordinal);
        var local = await JobPipelineTests.AnalyzeLocallyAsync(second, "job_6001.h5");
        Assert.Equal(local.GetProperty("energy_to_solution_j").GetDouble(), await fixture.ScalarAsync<double>(
            "SELECT energy_to_solution_j FROM job_summaries WHERE source = $1", $"s3://{Bucket}/{key}"));
    }

    [Fact]
    public async Task AVersionUploadedAgainAfterAnotherIsAnalysedAgainSoTheKeyHoldsWhatIsStored()
    {
        var (_, _, tokens) = await App.RegisterAsync();
        var a = Profile(SmallProfile(seed: 51), "job_6101.h5");
        var b = Profile(SmallProfile(seed: 52), "job_6101.h5");
        var energyA = (await JobPipelineTests.AnalyzeLocallyAsync(a, "job_6101.h5")).GetProperty("energy_to_solution_j").GetDouble();
        var energyB = (await JobPipelineTests.AnalyzeLocallyAsync(b, "job_6101.h5")).GetProperty("energy_to_solution_j").GetDouble();
        Assert.NotEqual(energyA, energyB);
        var source = $"s3://{Bucket}/";
        async Task<double> StoredEnergy(string key) =>
            await fixture.ScalarAsync<double>("SELECT energy_to_solution_j FROM job_summaries WHERE source = $1", source + key);

        var (key, etagA) = await UploadAsync(App, tokens.Access, "job_6101.h5", a);
        var jobA = await AnnounceAsync(App, fixture.Servers.WebhookToken, Bucket, key, etagA, a.Length);
        await WaitForStateAsync(fixture, jobA, TimeSpan.FromSeconds(60), "succeeded");
        var (_, etagB) = await UploadAsync(App, tokens.Access, "job_6101.h5", b);
        var jobB = await AnnounceAsync(App, fixture.Servers.WebhookToken, Bucket, key, etagB, b.Length);
        await WaitForStateAsync(fixture, jobB, TimeSpan.FromSeconds(60), "succeeded");
        Assert.Equal(energyB, await StoredEnergy(key));

        // A again: same bytes, same ETag, the same job, queued and analysed again.
        var (_, again) = await UploadAsync(App, tokens.Access, "job_6101.h5", a);
        Assert.Equal(etagA, again);
        using (var response = await PostEventAsync(App, fixture.Servers.WebhookToken, MinioEvent(Bucket, key, etagA, a.Length)))
        {
            var accepted = Assert.Single((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accepted").EnumerateArray());
            Assert.Equal(jobA, accepted.GetProperty("job_id").GetGuid());
            Assert.False(accepted.GetProperty("duplicate").GetBoolean());
            Assert.Equal("queued", accepted.GetProperty("state").GetString());
        }

        await WaitForStateAsync(fixture, jobA, TimeSpan.FromSeconds(60), "succeeded");
        Assert.Equal(energyA, await StoredEnergy(key));
        Assert.Equal(1, await fixture.ScalarAsync<int>("SELECT attempts FROM analysis_jobs WHERE id = $1", jobA));

        // A late copy of B's event queues B again, and B finds the key holds A: B fails, A's figures stay.
        await AnnounceAsync(App, fixture.Servers.WebhookToken, Bucket, key, etagB, b.Length);
        var stateB = await WaitForStateAsync(fixture, jobB, TimeSpan.FromSeconds(60), "failed");
        Assert.Contains("was replaced", stateB, StringComparison.Ordinal);
        Assert.Equal(energyA, await StoredEnergy(key));
        Assert.Equal(2L, await fixture.ScalarAsync<long>("SELECT count(*) FROM analysis_jobs WHERE object_key = $1", key));

        // Settled: a rescan finds A current and analysed, and queues nothing for the key.
        await App.RunTimerAsync("NightlyRescan");
        Assert.Equal("succeeded", await fixture.ScalarAsync<string>("SELECT state FROM analysis_jobs WHERE id = $1", jobA));
        Assert.Equal("failed", await fixture.ScalarAsync<string>("SELECT state FROM analysis_jobs WHERE id = $1", jobB));
    }

    private static string Record(string eventName, string bucket, string key, string? etag) => JsonSerializer.Serialize(new
    {
        eventName,
        eventTime = "2026-11-22T18:07:21.000Z",
        s3 = new { bucket = new { name = bucket }, @object = new { key = WebUtility.UrlEncode(key), size = 5, eTag = etag } },
    });
}
