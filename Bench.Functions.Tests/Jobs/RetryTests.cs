using System.Diagnostics;
using System.Text.Json;
using Bench.Functions.Tests.Hosting;
using Bench.Functions.Tests.Infrastructure;
using RabbitMQ.Client;
using static Bench.Functions.Tests.Jobs.JobTestSupport;

namespace Bench.Functions.Tests.Jobs;

/// <summary>Transient failures in the standalone consumer: backoff, requeue, then dead-letter and a failed job.</summary>
public sealed class RetryTests : IAsyncLifetime
{
    private readonly JobsFixture _fixture = new();

    public Task InitializeAsync() => _fixture.InitializeAsync(startApp: false);

    public Task DisposeAsync() => _fixture.DisposeAsync();

    [Fact]
    public async Task AnObjectThatCannotBeDownloadedIsRetriedWithBackoffThenDeadLetteredAndItsJobFailed()
    {
        // S3 is unreachable for this app: every download is a transient failure.
        var settings = _fixture.With(
            ("MINIO_ENDPOINT", $"127.0.0.1:{RepoFiles.FreePort()}"),
            ("BENCH_ANALYSIS_DELIVERY_LIMIT", "3"));
        await using var app = await RunningApp.StartAsync(settings);
        var key = RunningApp.NewUsername() + "/job_5.h5";
        var watch = Stopwatch.StartNew();
        var job = await AnnounceAsync(app, _fixture.Servers.WebhookToken, _fixture.Servers.BucketName, key, "0011aabb", 100);

        var state = await WaitForStateAsync(_fixture, job, TimeSpan.FromSeconds(90), "failed");
        watch.Stop();
        Assert.StartsWith("failed: gave up after 3 attempts; the last one failed with: ", state, StringComparison.Ordinal);
        Assert.Equal(3, await _fixture.ScalarAsync<int>("SELECT attempts FROM analysis_jobs WHERE id = $1", job));
        // Backoff of 1 s after attempt 1 and 2 s after attempt 2, not a hot loop.
        Assert.True(watch.Elapsed >= TimeSpan.FromSeconds(3), $"three attempts took only {watch.Elapsed.TotalSeconds:F1} s");

        // The message goes to the dead-letter queue, body intact: the job is failed before the consumer's
        // reject reaches RabbitMQ and the broker moves it, so wait for the move rather than assume it.
        await using var connection = await RabbitMqFixture.CreateConnectionFactory().CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        var dead = await WaitUntilAsync(() => channel.BasicGetAsync(_fixture.Servers.QueueName + ".dead", autoAck: true),
            TimeSpan.FromSeconds(30), "the dead-letter move of the job's message");
        Assert.Equal(job, JsonDocument.Parse(dead.Body).RootElement.GetProperty("job_id").GetGuid());
        Assert.Equal(0u, (await channel.QueueDeclarePassiveAsync(_fixture.Servers.QueueName)).MessageCount);

        var metrics = await WaitUntilAsync(
            async () => await app.Client.GetStringAsync("/metrics") is var text && text.Contains("bench_jobs_failed_total 1\n", StringComparison.Ordinal) ? text : null,
            TimeSpan.FromSeconds(30), "bench_jobs_failed_total 1 on /metrics");
        Assert.Contains("bench_jobs_accepted_total 1\n", metrics, StringComparison.Ordinal);
        Assert.Contains("bench_jobs_retried_total 2\n", metrics, StringComparison.Ordinal);
        Assert.Contains("bench_jobs_failed_total 1\n", metrics, StringComparison.Ordinal);
        Assert.Contains("bench_jobs_succeeded_total 0\n", metrics, StringComparison.Ordinal);
        Assert.Contains("# TYPE bench_jobs_accepted_total counter\n", metrics, StringComparison.Ordinal);
        Assert.Contains("bench_analysis_queue_depth 0\n", metrics, StringComparison.Ordinal);

        // Every line about the job carries its id and key (the JobId/ObjectKey scope or the message).
        var lines = app.Logs.Lines.Where(l => l.Contains(job.ToString(), StringComparison.Ordinal)).ToList();
        Assert.True(lines.Count >= 4, string.Join("\n", lines));
        Assert.All(lines.Where(l => l.Contains("ObjectAnalyzer", StringComparison.Ordinal)), l => Assert.Contains(key, l, StringComparison.Ordinal));
    }
}
