using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Bench.Functions.Tests.Hosting;
using static Bench.Functions.Tests.Jobs.JobTestSupport;

namespace Bench.Functions.Tests.Jobs;

/// <summary>
/// The app as the Functions host runs it (FUNCTIONS_CUSTOMHANDLER_PORT set): no consumer or timer of its
/// own; the host POSTs each queue message to /AnalyzeObject and each timer tick to /NightlyRescan.
/// </summary>
public sealed class CustomHandlerInvocationTests : IClassFixture<CustomHandlerInvocationTests.HostModeFixture>
{
    private readonly HostModeFixture _fixture;

    public CustomHandlerInvocationTests(HostModeFixture fixture) => _fixture = fixture;

    private RunningApp App => _fixture.Jobs.App;

    [Theory]
    [InlineData("json")]
    [InlineData("base64")]
    [InlineData("object")]
    public async Task AQueueMessageHandedOverByTheHostIsAnalysedAndAnswered200(string encoding)
    {
        var (job, message) = await QueueAsync(Profile(SmallProfile(seed: 61), "job_7001.h5"), $"job_7001_{encoding}.h5");
        var data = encoding switch
        {
            "json" => JsonSerializer.Serialize(message),
            "base64" => JsonSerializer.Serialize(Convert.ToBase64String(Encoding.UTF8.GetBytes(message))),
            _ => message,
        };

        using var response = await InvokeAsync("/AnalyzeObject", $$$"""{"Data":{"message":{{{data}}}},"Metadata":{"DeliveryTag":1,"Redelivered":false,"sys":{"MethodName":"AnalyzeObject"} } }""");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Empty(body.GetProperty("Outputs").EnumerateObject());
        Assert.Equal(JsonValueKind.Null, body.GetProperty("ReturnValue").ValueKind);
        Assert.Contains("succeeded", Assert.Single(body.GetProperty("Logs").EnumerateArray()).GetString(), StringComparison.Ordinal);
        Assert.Equal("succeeded", await _fixture.Jobs.ScalarAsync<string>("SELECT state FROM analysis_jobs WHERE id = $1", job));

        // The host redelivers after a lost answer: the second invocation is a duplicate, consumed with 200.
        using var again = await InvokeAsync("/AnalyzeObject", $$$"""{"Data":{"message":{{{data}}}},"Metadata":{}}""");
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Contains("duplicate", (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("Logs")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(1, await _fixture.Jobs.ScalarAsync<int>("SELECT attempts FROM analysis_jobs WHERE id = $1", job));
    }

    [Fact]
    public async Task APermanentFailureIsConsumedWith200AndFailsTheJob()
    {
        var (job, message) = await QueueAsync("not hdf5 at all"u8.ToArray(), "garbage.h5");
        using var response = await InvokeAsync("/AnalyzeObject", Invocation(message));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var log = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("Logs")[0].GetString()!;
        Assert.Contains("failed", log, StringComparison.Ordinal);
        Assert.Equal("failed", await _fixture.Jobs.ScalarAsync<string>("SELECT state FROM analysis_jobs WHERE id = $1", job));
    }

    [Fact]
    public async Task ATransientFailureAnswers500SoTheHostRequeuesAndTheLastAttemptFailsTheJobWith200()
    {
        var (job, message) = await QueueAsync(Profile(SmallProfile(seed: 62), "job_7002.h5"), "job_7002.h5");
        // The same database and queue, but S3 is unreachable: every download fails.
        var settings = _fixture.Jobs.With(
            ("MINIO_ENDPOINT", $"127.0.0.1:{RepoFiles.FreePort()}"),
            ("BENCH_ANALYSIS_DELIVERY_LIMIT", "2"),
            ("FUNCTIONS_CUSTOMHANDLER_PORT", RepoFiles.FreePort().ToString(CultureInfo.InvariantCulture)));
        await using var broken = await RunningApp.StartAsync(settings);

        using (var first = await InvokeAsync("/AnalyzeObject", Invocation(message), broken))
        {
            Assert.Equal(HttpStatusCode.InternalServerError, first.StatusCode);
            var log = (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("Logs")[0].GetString()!;
            Assert.Contains("attempt 1 failed", log, StringComparison.Ordinal);
        }

        Assert.Equal("queued", await _fixture.Jobs.ScalarAsync<string>("SELECT state FROM analysis_jobs WHERE id = $1", job));
        Assert.StartsWith("attempt 1 failed: ", await _fixture.Jobs.ScalarAsync<string>("SELECT error FROM analysis_jobs WHERE id = $1", job), StringComparison.Ordinal);

        using (var last = await InvokeAsync("/AnalyzeObject", Invocation(message), broken))
        {
            Assert.Equal(HttpStatusCode.OK, last.StatusCode);
        }

        Assert.Equal("failed", await _fixture.Jobs.ScalarAsync<string>("SELECT state FROM analysis_jobs WHERE id = $1", job));
        Assert.StartsWith("gave up after 2 attempts; the last one failed with: ", await _fixture.Jobs.ScalarAsync<string>("SELECT error FROM analysis_jobs WHERE id = $1", job), StringComparison.Ordinal);
        var metrics = await broken.Client.GetStringAsync("/metrics");
        Assert.Contains("bench_jobs_retried_total 1\n", metrics, StringComparison.Ordinal);
        Assert.Contains("bench_jobs_failed_total 1\n", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AMessageThatIsNotAJobIsConsumedWithALogLine()
    {
        using var response = await InvokeAsync("/AnalyzeObject", """{"Data":{"message":"hello"},"Metadata":{}}""");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("message dropped", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("Logs")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ATimerTickRescansAndAnswers200WithTheCountsInTheLogs()
    {
        var (_, _, tokens) = await App.RegisterAsync();
        var (key, _) = await UploadAsync(App, tokens.Access, "unannounced.h5", Profile(SmallProfile(seed: 63)));
        using var response = await InvokeAsync("/NightlyRescan", """{"Data":{"timer":{"Schedule":{"AdjustForDST":true},"ScheduleStatus":{"Last":"2026-11-21T02:00:00+00:00","Next":"2026-11-22T02:00:00+00:00","LastUpdated":"2026-11-21T02:00:00+00:00"},"IsPastDue":false}},"Metadata":{}}""");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var log = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("Logs")[0].GetString()!;
        Assert.StartsWith("rescan: ", log, StringComparison.Ordinal);
        Assert.Equal("queued", await _fixture.Jobs.ScalarAsync<string>("SELECT state FROM analysis_jobs WHERE object_key = $1", key));
    }

    [Fact]
    public async Task ATimerTickThatCannotListTheBucketAnswers500()
    {
        var settings = _fixture.Jobs.With(
            ("MINIO_ENDPOINT", $"127.0.0.1:{RepoFiles.FreePort()}"),
            ("FUNCTIONS_CUSTOMHANDLER_PORT", RepoFiles.FreePort().ToString(CultureInfo.InvariantCulture)));
        await using var broken = await RunningApp.StartAsync(settings);
        using var response = await InvokeAsync("/NightlyRescan", """{"Data":{"timer":{"IsPastDue":true}},"Metadata":{}}""", broken);
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.StartsWith("rescan failed: ", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("Logs")[0].GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/AnalyzeObject", "not json")]
    [InlineData("/AnalyzeObject", "{\"Metadata\":{}}")]
    [InlineData("/NightlyRescan", "[1,2]")]
    public async Task ABodyThatIsNotAnInvocationIs400(string path, string body)
    {
        using var response = await InvokeAsync(path, body);
        await Problem.AssertAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task UnderTheHostTheAppRunsNoConsumerOfItsOwn()
    {
        var (job, _) = await QueueAsync(Profile(SmallProfile(seed: 64)), "waits.h5");
        await Task.Delay(2000);
        Assert.Equal("queued", await _fixture.Jobs.ScalarAsync<string>("SELECT state FROM analysis_jobs WHERE id = $1", job));
        Assert.DoesNotContain(App.Logs.Lines, l => l.Contains("Consuming ", StringComparison.Ordinal));
    }

    private static string Invocation(string message) =>
        $$$"""{"Data":{"message":{{{JsonSerializer.Serialize(message)}}}},"Metadata":{}}""";

    /// <summary>Uploads, announces through the webhook (which publishes to a queue nobody consumes here) and returns the job and its message.</summary>
    private async Task<(Guid Job, string Message)> QueueAsync(byte[] content, string name)
    {
        var (_, _, tokens) = await App.RegisterAsync();
        var (key, etag) = await UploadAsync(App, tokens.Access, name, content);
        var job = await AnnounceAsync(App, _fixture.Jobs.Servers.WebhookToken, _fixture.Jobs.Servers.BucketName, key, etag, content.Length);
        return (job, JsonSerializer.Serialize(new { job_id = job, bucket = _fixture.Jobs.Servers.BucketName, key, etag }));
    }

    private Task<HttpResponseMessage> InvokeAsync(string path, string body, RunningApp? app = null) =>
        (app ?? App).Client.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"));

    /// <summary>The jobs fixture's servers with the app started the way the Functions host starts it.</summary>
    public sealed class HostModeFixture : IAsyncLifetime
    {
        public JobsFixture Jobs { get; } = new();

        public Task InitializeAsync() => Jobs.InitializeAsync(true, ("FUNCTIONS_CUSTOMHANDLER_PORT", RepoFiles.FreePort().ToString(CultureInfo.InvariantCulture)));

        public Task DisposeAsync() => Jobs.DisposeAsync();
    }
}
