using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Bench.Functions.Tests.Hosting;
using Bench.Functions.Tests.Infrastructure;
using RabbitMQ.Client;
using static Bench.Functions.Tests.Jobs.JobTestSupport;

namespace Bench.Functions.Tests.Jobs;

/// <summary>
/// POST /minio-event under concurrency, where calls are recorded and published in batches: every object
/// version gets one job and one message, and every call is answered for its own records only. No consumer
/// runs, so the queue holds exactly what the webhook published.
/// </summary>
public sealed class WebhookBatchingTests : IAsyncLifetime
{
    private readonly JobsFixture _fixture = new();

    private RunningApp App => _fixture.App;

    public Task InitializeAsync() => _fixture.InitializeAsync(startApp: true, ("BENCH_ANALYSIS_CONSUMER", "false"));

    public Task DisposeAsync() => _fixture.DisposeAsync();

    [Fact]
    public async Task ConcurrentCallsWithNewAndDuplicateObjectsRecordAndPublishEachObjectOnceAndAnswerEachCallForItsOwnObjects()
    {
        const int objects = 30;
        const int calls = 48;
        const int recordedBefore = 5;
        var user = RunningApp.NewUsername();
        var bucket = _fixture.Servers.BucketName;
        string Key(int i) => $"{user}/batch-{i:D2}.h5";
        string ETag(int i) => $"etag{i:D2}";

        // Some objects already have their job: in the burst, every call naming them is a duplicate.
        var earlier = new Dictionary<int, Guid>();
        for (var i = 0; i < recordedBefore; i++)
        {
            earlier[i] = await AnnounceAsync(App, _fixture.Servers.WebhookToken, bucket, Key(i), ETag(i), 100 + i);
        }

        // Each call names one object, half of them a second one, every fifth names its first object twice.
        var requests = Enumerable.Range(0, calls).Select(r =>
        {
            var named = new List<int> { r % objects };
            if (r % 2 == 0)
            {
                named.Add(((r * 7) + 11) % objects);
            }

            if (r % 5 == 0)
            {
                named.Add(r % objects);
            }

            return named;
        }).ToList();
        Assert.Equal(Enumerable.Range(0, objects), requests.SelectMany(n => n).Distinct().Order());

        var responses = await Task.WhenAll(requests.Select(async named =>
        {
            using var response = await PostEventAsync(App, _fixture.Servers.WebhookToken, Event(bucket, named.Select(i => (Key(i), ETag(i), 100L + i))));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accepted").EnumerateArray().ToList();
        }));

        // Each call lists its own objects, each once, in the order it named them.
        var jobIds = new Dictionary<int, HashSet<Guid>>();
        var queuedBy = new Dictionary<int, int>();
        for (var r = 0; r < calls; r++)
        {
            var own = requests[r].Distinct().ToList();
            Assert.Equal(own.Select(Key), responses[r].Select(a => a.GetProperty("key").GetString()));
            Assert.Equal(own.Select(ETag), responses[r].Select(a => a.GetProperty("etag").GetString()));
            foreach (var (i, accepted) in own.Zip(responses[r]))
            {
                (jobIds.TryGetValue(i, out var ids) ? ids : jobIds[i] = []).Add(accepted.GetProperty("job_id").GetGuid());
                Assert.Equal("queued", accepted.GetProperty("state").GetString());
                var duplicate = accepted.GetProperty("duplicate").GetBoolean();
                // Only the call that queued a job published it.
                Assert.Equal(!duplicate, accepted.GetProperty("published").GetBoolean());
                if (!duplicate)
                {
                    queuedBy[i] = queuedBy.GetValueOrDefault(i) + 1;
                }
            }
        }

        // One job per object, the same one in every answer and in the table; exactly one call queued each new object, none an earlier one.
        for (var i = 0; i < objects; i++)
        {
            var id = Assert.Single(jobIds[i]);
            Assert.Equal(id, await _fixture.ScalarAsync<Guid>("SELECT id FROM analysis_jobs WHERE object_key = $1 AND etag = $2", Key(i), ETag(i)));
            Assert.Equal(i < recordedBefore ? 0 : 1, queuedBy.GetValueOrDefault(i));
            if (earlier.TryGetValue(i, out var first))
            {
                Assert.Equal(first, id);
            }
        }

        Assert.Equal((long)objects, await _fixture.ScalarAsync<long>("SELECT count(*) FROM analysis_jobs WHERE owner = $1", user));
        Assert.Equal((long)objects, await _fixture.ScalarAsync<long>(
            "SELECT count(*) FROM analysis_jobs WHERE owner = $1 AND published_at IS NOT NULL AND publish_count = 1", user));

        // The queue holds one message per object's job, none twice (the publishes were confirmed before the answers).
        var messages = await DrainQueueAsync();
        Assert.Equal(objects, messages.Count);
        Assert.Equal(jobIds.Values.Select(ids => ids.Single()).Order(), messages.Order());

        // The burst was recorded in shared transactions: calls of one object each share a created_at with another call's object.
        Assert.True(await _fixture.ScalarAsync<long>(
            "SELECT max(n) FROM (SELECT count(DISTINCT object_key) AS n FROM analysis_jobs WHERE owner = $1 GROUP BY created_at) AS t", user) > 2,
            "no batch recorded more than two objects: the calls were not grouped");
    }

    [Fact]
    public async Task ARecordPostgresCannotStoreIsIgnoredWithItsReasonAndTheCallsBatchedWithItAreRecorded()
    {
        var user = RunningApp.NewUsername();
        var bucket = _fixture.Servers.BucketName;
        var bad = new[] { ($"{user}/nul\0key.h5", "e-nul-key"), ($"{user}/nul-etag.h5", "e\0tag") };
        var good = Enumerable.Range(0, 12).Select(i => ($"{user}/good-{i:D2}.h5", $"good{i:D2}")).ToList();

        var calls = good.Select(o => new[] { o }).Concat(bad.Select(o => new[] { o, good[0] })).ToList();
        var answers = await Task.WhenAll(calls.Select(async objects =>
        {
            using var response = await PostEventAsync(App, _fixture.Servers.WebhookToken, Event(bucket, objects.Select(o => (o.Item1, o.Item2, 1L))));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return await response.Content.ReadFromJsonAsync<JsonElement>();
        }));

        foreach (var answer in answers.TakeLast(bad.Length))
        {
            // The good object in the same call is still recorded (a duplicate of its own call's).
            Assert.Equal(good[0].Item1, Assert.Single(answer.GetProperty("accepted").EnumerateArray()).GetProperty("key").GetString());
            Assert.Equal("the record's key, eTag or versionId contains a NUL character",
                Assert.Single(answer.GetProperty("ignored").EnumerateArray()).GetProperty("reason").GetString());
        }

        Assert.Equal((long)good.Count, await _fixture.ScalarAsync<long>("SELECT count(*) FROM analysis_jobs WHERE owner = $1", user));
        Assert.Equal(good.Count, (await DrainQueueAsync()).Count);
    }

    [Fact]
    public async Task ALoneCallIsAnsweredWithoutWaitingForOthers()
    {
        var key = RunningApp.NewUsername() + "/alone.h5";
        var started = System.Diagnostics.Stopwatch.StartNew();
        var job = await AnnounceAsync(App, _fixture.Servers.WebhookToken, _fixture.Servers.BucketName, key, "a1a1", 10);
        started.Stop();

        Assert.Equal(job, await _fixture.ScalarAsync<Guid>("SELECT id FROM analysis_jobs WHERE object_key = $1", key));
        Assert.Equal([job], await DrainQueueAsync());
        // Generous for a loaded machine; a timer-based batch window would show as a floor here, not a spread.
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(5), $"a lone call took {started.Elapsed}");
    }

    private static string Event(string bucket, IEnumerable<(string Key, string ETag, long Size)> objects) => JsonSerializer.Serialize(new
    {
        EventName = "s3:ObjectCreated:Put",
        Records = objects.Select(o => new
        {
            eventName = "s3:ObjectCreated:Put",
            eventTime = "2026-11-27T12:00:00.000Z",
            s3 = new { bucket = new { name = bucket }, @object = new { key = WebUtility.UrlEncode(o.Key), size = o.Size, eTag = o.ETag } },
        }),
    });

    /// <summary>Takes every message off this class's queue (acknowledged), returning their job ids.</summary>
    private async Task<List<Guid>> DrainQueueAsync()
    {
        await using var connection = await RabbitMqFixture.CreateConnectionFactory().CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        var ids = new List<Guid>();
        while (await channel.BasicGetAsync(_fixture.Servers.QueueName, autoAck: true) is { } message)
        {
            ids.Add(Guid.Parse(message.BasicProperties.MessageId!));
        }

        return ids;
    }
}
