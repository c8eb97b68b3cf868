using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Bench.Functions.Tests.Hosting;
using Bench.Functions.Tests.Infrastructure;
using static Bench.Functions.Tests.Jobs.JobTestSupport;

namespace Bench.Functions.Tests.Jobs;

/// <summary>RabbitMQ restarted and PostgreSQL stopped under a running app: no job is lost or done twice.</summary>
[Collection(ServerRestartCollection.Name)]
public sealed class ServerOutageTests : IAsyncLifetime
{
    private static readonly TimeSpan JobTimeout = TimeSpan.FromSeconds(120);

    private readonly JobsFixture _fixture = new();

    public Task InitializeAsync() => _fixture.InitializeAsync(startApp: false);

    public Task DisposeAsync() => _fixture.DisposeAsync();

    [Fact]
    public async Task JobsQueuedWhenRabbitMqRestartsAllCompleteOnce()
    {
        // An api-only app records and publishes; nobody consumes until after the restart.
        var (_, _, tokens) = await StartApiAsync();
        var jobs = new List<Guid>();
        for (var i = 0; i < 4; i++)
        {
            var profile = Profile(SmallProfile(seed: (ulong)(100 + i)), $"job_{900 + i}.h5");
            var (key, etag) = await UploadAsync(_api!, tokens.Access, $"job_{900 + i}.h5", profile);
            jobs.Add(await AnnounceAsync(_api!, _fixture.Servers.WebhookToken, _fixture.Servers.BucketName, key, etag, profile.Length));
        }

        await ServiceControl.RestartAsync("rabbitmq");

        // While the api's connection recovers, one more upload is announced; its publish may fail, the sweeper catches up.
        var late = Profile(SmallProfile(seed: 120), "job_920.h5");
        var (lateKey, lateETag) = await UploadAsync(_api!, tokens.Access, "job_920.h5", late);
        jobs.Add(await AnnounceAsync(_api!, _fixture.Servers.WebhookToken, _fixture.Servers.BucketName, lateKey, lateETag, late.Length));

        await using var worker = await RunningApp.StartAsync(_fixture.Settings, role: ServeRole.Analysis);
        foreach (var job in jobs)
        {
            await WaitForStateAsync(_fixture, job, JobTimeout, "succeeded");
            Assert.Equal(1, await _fixture.ScalarAsync<int>("SELECT attempts FROM analysis_jobs WHERE id = $1", job));
        }

        Assert.Equal((long)jobs.Count, await _fixture.ScalarAsync<long>("SELECT count(*) FROM job_summaries"));
        await _api!.DisposeAsync();
        _api = null;
    }

    [Fact]
    public async Task WithPostgresStoppedTheWebhookAnswers503AndOnceItIsBackNothingIsLost()
    {
        await using var app = await RunningApp.StartAsync(_fixture.Settings);
        var (_, _, tokens) = await app.RegisterAsync();
        var inFlight = Profile(SmallProfile(seed: 201), "job_2001.h5");
        var (inFlightKey, inFlightETag) = await UploadAsync(app, tokens.Access, "job_2001.h5", inFlight);
        var refused = Profile(SmallProfile(seed: 202), "job_2002.h5");
        var (refusedKey, refusedETag) = await UploadAsync(app, tokens.Access, "job_2002.h5", refused);

        // A job on its way through the worker when the database goes away: whatever step it is at.
        var first = await AnnounceAsync(app, _fixture.Servers.WebhookToken, _fixture.Servers.BucketName, inFlightKey, inFlightETag, inFlight.Length);
        await ServiceControl.StopAsync("postgres");
        try
        {
            using var response = await PostEventAsync(app, _fixture.Servers.WebhookToken, MinioEvent(_fixture.Servers.BucketName, refusedKey, refusedETag, refused.Length));
            var problem = await Problem.AssertAsync(response, HttpStatusCode.ServiceUnavailable);
            Assert.Equal("The jobs database is unavailable; nothing was recorded. Send the event again.", problem.Detail());
            Assert.Equal("5", response.Headers.GetValues("Retry-After").Single());
            using var ready = await app.Client.GetAsync("/readyz");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        }
        finally
        {
            await ServiceControl.StartAsync("postgres");
        }

        // MinIO sends the refused event again.
        var second = await AnnounceAsync(app, _fixture.Servers.WebhookToken, _fixture.Servers.BucketName, refusedKey, refusedETag, refused.Length);
        await WaitForStateAsync(_fixture, first, JobTimeout, "succeeded");
        await WaitForStateAsync(_fixture, second, JobTimeout, "succeeded");
        Assert.Equal(1L, await _fixture.ScalarAsync<long>("SELECT count(*) FROM job_summaries WHERE source = $1", $"s3://{_fixture.Servers.BucketName}/{inFlightKey}"));
        Assert.Equal(SmallProfileRows, await _fixture.ScalarAsync<long>("SELECT count(*) FROM job_job_2001"));
        Assert.Equal(SmallProfileRows, await _fixture.ScalarAsync<long>("SELECT count(*) FROM job_job_2002"));
        Assert.Equal(0L, await _fixture.ScalarAsync<long>("SELECT count(*) FROM pg_tables WHERE tablename LIKE 'stg_%'"));
    }

    private RunningApp? _api;

    private async Task<(string, string, Bench.Functions.Auth.TokenPair)> StartApiAsync()
    {
        _api = await RunningApp.StartAsync(_fixture.Settings, role: ServeRole.Api);
        return await _api.RegisterAsync();
    }
}
