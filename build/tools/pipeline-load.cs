#!/usr/bin/env dotnet
// Load driver of scripts/bench-pipeline.sh (which starts and stops the app processes):
//   burst   --base URL --token T --bucket B --db CONNSTR --file profile.h5 --jobs N [--parallel P] [--workers W]
//           registers a user, uploads N copies of the profile through presigned URLs, posts N MinIO events
//           at once, and waits until every job succeeded: prints seconds and jobs/s.
//   webhook --base URL --token T --bucket B --db CONNSTR --seconds S [--parallel P]
//           posts MinIO events for new object versions as fast as P connections allow: events/s, p50, p99.
//   drop-queue --amqp URI --queue Q      deletes Q, Q.dead and Q.dlx
#:project ../../Bench.Functions/Bench.Functions.csproj
#:property PublishAot=false

using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Npgsql;
using RabbitMQ.Client;

var options = Options.Parse(args.Skip(1).ToArray());
return args.FirstOrDefault() switch
{
    "burst" => await Burst(options),
    "webhook" => await Webhook(options),
    "drop-queue" => await DropQueue(options),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: pipeline-load.cs burst|webhook|drop-queue [--name value]... (see the header of this file)");
    return 2;
}

static async Task<int> Burst(Options o)
{
    using var http = new HttpClient { BaseAddress = new Uri(o["base"]), Timeout = TimeSpan.FromMinutes(5) };
    var jobs = o.Int("jobs", 100);
    var parallel = o.Int("parallel", 32);
    var user = "bench" + Guid.NewGuid().ToString("N")[..10];
    var password = "pw-" + Guid.NewGuid().ToString("N");
    using var register = await http.PostAsJsonAsync("/auth/register", new { username = user, password });
    register.EnsureSuccessStatusCode();
    var access = (await register.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access").GetString()!;
    var content = await File.ReadAllBytesAsync(o["file"]);

    // N copies under N names: N object versions, N jobs of the same size.
    var uploads = new ConcurrentBag<(string Key, string ETag)>();
    await Parallel.ForEachAsync(Enumerable.Range(0, jobs), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
    {
        using var presign = new HttpRequestMessage(HttpMethod.Post, $"/storage/presign/upload?object_name=job_{100000 + i}.h5");
        presign.Headers.Authorization = new("Bearer", access);
        using var presigned = await http.SendAsync(presign, ct);
        presigned.EnsureSuccessStatusCode();
        var url = await presigned.Content.ReadFromJsonAsync<JsonElement>(ct);
        using var put = await http.PutAsync(url.GetProperty("url").GetString(), new ByteArrayContent(content), ct);
        put.EnsureSuccessStatusCode();
        uploads.Add((url.GetProperty("key").GetString()!, put.Headers.ETag!.Tag.Trim('"')));
    });

    var latencies = new ConcurrentBag<double>();
    var watch = Stopwatch.StartNew();
    await Parallel.ForEachAsync(uploads, new ParallelOptions { MaxDegreeOfParallelism = parallel }, async (u, ct) =>
    {
        var started = Stopwatch.GetTimestamp();
        using var response = await PostEvent(http, o["token"], MinioEvent(o["bucket"], u.Key, u.ETag, content.Length), ct);
        latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        response.EnsureSuccessStatusCode();
    });
    var announced = watch.Elapsed;

    await using var db = NpgsqlDataSource.Create(o["db"]);
    long succeeded = 0, failed = 0;
    var firstDone = TimeSpan.Zero;
    while (succeeded + failed < jobs)
    {
        await Task.Delay(100);
        await using var command = db.CreateCommand("SELECT count(*) FILTER (WHERE state = 'succeeded'), count(*) FILTER (WHERE state = 'failed') FROM analysis_jobs");
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        (succeeded, failed) = (reader.GetInt64(0), reader.GetInt64(1));
        if (firstDone == TimeSpan.Zero && succeeded > 0)
        {
            firstDone = watch.Elapsed;
        }

        if (watch.Elapsed > TimeSpan.FromMinutes(30))
        {
            Console.Error.WriteLine($"timeout: {succeeded} succeeded, {failed} failed of {jobs}");
            return 1;
        }
    }

    var total = watch.Elapsed;
    // Attempt spans (claim to commit) and, ordered by start, the gap from one commit to the next claim.
    await using var spans = db.CreateCommand("SELECT started_at, finished_at, attempts FROM analysis_jobs WHERE state = 'succeeded' ORDER BY started_at");
    var rows = new List<(DateTime Start, DateTime End, int Attempts)>();
    await using (var r = await spans.ExecuteReaderAsync())
    {
        while (await r.ReadAsync())
        {
            rows.Add((r.GetDateTime(0), r.GetDateTime(1), r.GetInt32(2)));
        }
    }

    var attempt = rows.Select(x => (x.End - x.Start).TotalMilliseconds).Order().ToArray();
    var gaps = rows.Zip(rows.Skip(1)).Select(p => (p.Second.Start - p.First.End).TotalMilliseconds).Order().ToArray();
    var sorted = latencies.Order().ToArray();
    var gap = o.Int("workers", 1) == 1 ? string.Create(CultureInfo.InvariantCulture, $", commit to next claim p50 {Percentile(gaps, 50):F0} ms") : "";
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"burst: {jobs} jobs of {content.Length / 1048576.0:F2} MiB; events posted in {announced.TotalSeconds:F2} s (p50 {Percentile(sorted, 50):F1} ms, p99 {Percentile(sorted, 99):F1} ms); " +
        $"first job done after {firstDone.TotalSeconds:F2} s; all done after {total.TotalSeconds:F2} s: {jobs / total.TotalSeconds:F2} jobs/s; " +
        $"{succeeded} succeeded, {failed} failed, {rows.Sum(x => x.Attempts)} attempts; attempt (claim to commit) p50 {Percentile(attempt, 50):F0} ms{gap}"));
    return failed == 0 ? 0 : 1;
}

static async Task<int> Webhook(Options o)
{
    var handler = new SocketsHttpHandler { MaxConnectionsPerServer = o.Int("parallel", 32) };
    using var http = new HttpClient(handler) { BaseAddress = new Uri(o["base"]) };
    var seconds = o.Int("seconds", 10);
    var parallel = o.Int("parallel", 32);
    var run = Guid.NewGuid().ToString("N")[..8];
    var latencies = new ConcurrentBag<double>();
    long errors = 0, sent = 0;
    using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
    var watch = Stopwatch.StartNew();
    await Task.WhenAll(Enumerable.Range(0, parallel).Select(async worker =>
    {
        for (var i = 0; !stop.IsCancellationRequested; i++)
        {
            var key = $"webhookbench/{run}-{worker}-{i}.h5";
            var started = Stopwatch.GetTimestamp();
            using var response = await PostEvent(http, o["token"], MinioEvent(o["bucket"], key, $"{run}{worker:x4}{i:x8}", 1), CancellationToken.None);
            latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            Interlocked.Increment(ref sent);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                Interlocked.Increment(ref errors);
            }
        }
    }));
    var elapsed = watch.Elapsed;
    await using var db = NpgsqlDataSource.Create(o["db"]);
    await using var count = db.CreateCommand("SELECT count(*), count(*) FILTER (WHERE published_at IS NOT NULL) FROM analysis_jobs WHERE object_key LIKE 'webhookbench/' || $1 || '-%'");
    count.Parameters.Add(new NpgsqlParameter { Value = run });
    await using var reader = await count.ExecuteReaderAsync();
    await reader.ReadAsync();
    var sorted = latencies.Order().ToArray();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"webhook: {sent} events in {elapsed.TotalSeconds:F1} s with {parallel} connections: {sent / elapsed.TotalSeconds:F0} events/s, " +
        $"p50 {Percentile(sorted, 50):F1} ms, p99 {Percentile(sorted, 99):F1} ms, {errors} non-200; {reader.GetInt64(0)} jobs recorded, {reader.GetInt64(1)} published"));
    return errors == 0 && reader.GetInt64(0) == sent ? 0 : 1;
}

static async Task<int> DropQueue(Options o)
{
    var factory = new ConnectionFactory { Uri = new Uri(o["amqp"]) };
    await using var connection = await factory.CreateConnectionAsync();
    await using var channel = await connection.CreateChannelAsync();
    var queue = o["queue"];
    await channel.QueueDeleteAsync(queue, ifUnused: false, ifEmpty: false);
    await channel.QueueDeleteAsync(queue + ".dead", ifUnused: false, ifEmpty: false);
    await channel.ExchangeDeleteAsync(queue + ".dlx", ifUnused: false);
    return 0;
}

static Task<HttpResponseMessage> PostEvent(HttpClient http, string token, string body, CancellationToken ct)
{
    var request = new HttpRequestMessage(HttpMethod.Post, "/minio-event") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
    request.Headers.Authorization = new("Bearer", token);
    return http.SendAsync(request, ct);
}

static string MinioEvent(string bucket, string key, string etag, long size) => JsonSerializer.Serialize(new
{
    EventName = "s3:ObjectCreated:Put",
    Key = $"{bucket}/{key}",
    Records = new[]
    {
        new
        {
            eventVersion = "2.0",
            eventSource = "minio:s3",
            eventTime = DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture),
            eventName = "s3:ObjectCreated:Put",
            userIdentity = new { principalId = "minioadmin" },
            s3 = new
            {
                bucket = new { name = bucket },
                @object = new { key = WebUtility.UrlEncode(key), size, eTag = etag, contentType = "application/octet-stream", sequencer = "17F0C2A5B1D2E3F4" },
            },
        },
    },
});

static double Percentile(double[] sorted, double p) =>
    sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];

sealed class Options(Dictionary<string, string> values)
{
    public string this[string name] => values.TryGetValue(name, out var v) ? v : throw new ArgumentException($"--{name} is required");

    public int Int(string name, int fallback) => values.TryGetValue(name, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;

    public static Options Parse(string[] args)
    {
        var values = new Dictionary<string, string>();
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            values[args[i].TrimStart('-')] = args[i + 1];
        }

        return new Options(values);
    }
}
