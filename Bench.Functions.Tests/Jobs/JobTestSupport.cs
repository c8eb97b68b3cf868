using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Bench.Functions.Storage;
using Bench.Functions.Tests.Hosting;
using Bench.Pipeline.Slurm.Sample;

namespace Bench.Functions.Tests.Jobs;

/// <summary>Profiles, uploads, MinIO-shaped events and waiting for jobs, as the job tests need them.</summary>
public static class JobTestSupport
{
    /// <summary>2 nodes, extern step only, 6 minutes at 2 s: 181 power samples per node, 362 timeline rows.</summary>
    public static SampleProfileOptions SmallProfile(ulong seed = 1) => new()
    {
        Nodes = 2,
        Steps = ["extern"],
        Hours = 0.1,
        EnergyIntervalSeconds = 2,
        Seed = seed,
    };

    public const int SmallProfileRows = 2 * ((360 / 2) + 1);

    /// <summary>64 nodes, 6 hours at 1 s, no I/O series: seconds of analysis, for catching a worker mid-job.</summary>
    public static SampleProfileOptions LargeProfile() => new()
    {
        Nodes = 64,
        Steps = ["extern"],
        Hours = 6,
        EnergyIntervalSeconds = 1,
        IncludeIo = false,
        Seed = 99,
    };

    public const long LargeProfileRows = 64L * ((6 * 3600) + 1);

    private static readonly Lazy<byte[]> LargeBytes = new(() => Profile(LargeProfile(), "job_6464.h5"));

    /// <summary>The large profile's bytes, generated once per test run.</summary>
    public static byte[] LargeProfileBytes => LargeBytes.Value;

    /// <summary>The bytes of a generated profile written under <paramref name="fileName"/> (the name carries the Slurm job id).</summary>
    public static byte[] Profile(SampleProfileOptions options, string fileName = "job_4242.h5")
    {
        var directory = Directory.CreateTempSubdirectory("bench-jobs-test-");
        try
        {
            var path = Path.Combine(directory.FullName, fileName);
            SampleProfileWriter.Write(path, options);
            return File.ReadAllBytes(path);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    /// <summary>Presigns an upload as the user and PUTs the bytes to the URL, as a client would; returns the key and ETag.</summary>
    public static async Task<(string Key, string ETag)> UploadAsync(RunningApp app, string accessToken, string objectName, byte[] content)
    {
        using var presign = await app.Client.SendAsync(app.Authorized(HttpMethod.Post, $"/storage/presign/upload?object_name={Uri.EscapeDataString(objectName)}", accessToken));
        Assert.Equal(HttpStatusCode.OK, presign.StatusCode);
        var url = (await presign.Content.ReadFromJsonAsync<PresignedUrl>(Wire.Json))!;
        using var client = new HttpClient();
        using var put = await client.PutAsync(url.Url, new ByteArrayContent(content));
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        return (url.Key, put.Headers.ETag!.Tag.Trim('"'));
    }

    /// <summary>A notification body as MinIO sends it: the key query-escaped, the eTag bare.</summary>
    public static string MinioEvent(string bucket, string key, string etag, long size, string eventName = "s3:ObjectCreated:Put") =>
        JsonSerializer.Serialize(new
        {
            EventName = eventName,
            Key = $"{bucket}/{key}",
            Records = new[]
            {
                new
                {
                    eventVersion = "2.0",
                    eventSource = "minio:s3",
                    awsRegion = "",
                    eventTime = DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture),
                    eventName,
                    userIdentity = new { principalId = "minioadmin" },
                    s3 = new
                    {
                        s3SchemaVersion = "1.0",
                        configurationId = "Config",
                        bucket = new { name = bucket, ownerIdentity = new { principalId = "minioadmin" }, arn = $"arn:aws:s3:::{bucket}" },
                        @object = new { key = WebUtility.UrlEncode(key), size, eTag = etag, contentType = "application/octet-stream", sequencer = "17F0C2A5B1D2E3F4" },
                    },
                },
            },
        });

    public static async Task<HttpResponseMessage> PostEventAsync(RunningApp app, string token, string body, string path = "/minio-event")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return await app.Client.SendAsync(request);
    }

    /// <summary>Posts the event and returns the id of the job it accepted (exactly one).</summary>
    public static async Task<Guid> AnnounceAsync(RunningApp app, string token, string bucket, string key, string etag, long size)
    {
        using var response = await PostEventAsync(app, token, MinioEvent(bucket, key, etag, size));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return Assert.Single(body.GetProperty("accepted").EnumerateArray()).GetProperty("job_id").GetGuid();
    }

    /// <summary>
    /// Polls <paramref name="probe"/> until it returns a value that is not null (what the broker or the app does
    /// after the state a test waited for, e.g. a dead-letter move); fails naming <paramref name="what"/>.
    /// </summary>
    public static async Task<T> WaitUntilAsync<T>(Func<Task<T?>> probe, TimeSpan timeout, string what)
        where T : class
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (await probe() is { } value)
            {
                return value;
            }

            if (DateTime.UtcNow >= deadline)
            {
                Assert.Fail($"{what} did not happen within {timeout.TotalSeconds} s");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>Polls the job's state until it is one of <paramref name="states"/>; fails with the last state seen.</summary>
    public static async Task<string> WaitForStateAsync(JobsFixture fixture, Guid jobId, TimeSpan timeout, params string[] states)
    {
        var deadline = DateTime.UtcNow + timeout;
        string? state = null;
        while (DateTime.UtcNow < deadline)
        {
            state = await fixture.ScalarAsync<string>("SELECT state || coalesce(': ' || error, '') FROM analysis_jobs WHERE id = $1", jobId);
            if (states.Any(s => state == s || state.StartsWith(s + ": ", StringComparison.Ordinal)))
            {
                return state;
            }

            await Task.Delay(100);
        }

        var logs = (fixture.App?.Logs.Lines ?? []).Where(l => !l.StartsWith("Debug", StringComparison.Ordinal) && !l.Contains(" Npgsql.", StringComparison.Ordinal)).TakeLast(60);
        Assert.Fail($"job {jobId} did not reach {string.Join(" or ", states)} within {timeout.TotalSeconds} s; last state: {state ?? "(none)"}\napp log:\n{string.Join("\n", logs)}");
        return state!;
    }
}
