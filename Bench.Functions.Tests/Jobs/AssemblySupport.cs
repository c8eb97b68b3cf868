using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Bench.Functions.Storage;
using Bench.Functions.Tests.Hosting;
using Bench.Functions.Tests.Infrastructure;
using Bench.Functions.Tests.SlurmJobs;
using Bench.FunctionsHost;

namespace Bench.Functions.Tests.Jobs;

/// <summary>One file of a user's cluster directory, as the client uploads it.</summary>
/// <param name="ObjectName">The relative path the client sends as object_name.</param>
/// <param name="Content">The bytes.</param>
public sealed record ClientFile(string ObjectName, byte[] Content);

/// <summary>
/// Slurm jobs as the client uploads them: TwoNodeJob's node-step files (560,000 J by hand) and a LIKWID CSV
/// under <c>&lt;benchmark dir&gt;/job_&lt;id&gt;/</c>, PUT with <c>x-amz-meta-benchmark</c>, announced by MinIO-shaped events.
/// </summary>
public static class AssemblySupport
{
    /// <summary>LIKWID 5 output of two threads: DP 1000 + 3000 MFLOP/s for 2.0 and 1.5 s, i.e. 6.5 GFLOP (LikwidCountersTests).</summary>
    public const string TwoThreadsFlopsDp = """
        STRUCT,Info,3,,
        CPU name:,Intel(R) Xeon(R) Gold 6148 CPU @ 2.40GHz,,
        CPU type:,Intel Skylake SP processor,,
        CPU clock:,2.39 GHz,,
        TABLE,Group 1 Raw,FLOPS_DP,3,,
        Event,Counter,HWThread 0,HWThread 1
        INSTR_RETIRED_ANY,FIXC0,1000,2000
        CPU_CLK_UNHALTED_CORE,FIXC1,3000,4000
        FP_ARITH_INST_RETIRED_SCALAR_DOUBLE,PMC0,500,600
        TABLE,Group 1 Metric,FLOPS_DP,6,,
        Metric,HWThread 0,HWThread 1
        Runtime (RDTSC) [s],2.0,1.5
        Runtime unhalted [s],1.9,1.4
        Clock [MHz],2400,2400
        CPI,0.5,0.6
        DP [MFLOP/s],1000,3000
        AVX DP [MFLOP/s],0,-
        """;

    public const double TwoThreadsGflop = 6.5;

    /// <summary>TwoNodeJob's five node-step files named for Slurm job <paramref name="jobId"/> under <c>&lt;dir&gt;/job_&lt;id&gt;/</c>.</summary>
    public static IReadOnlyList<ClientFile> NodeStepFiles(long jobId, string benchmarkDirectory)
    {
        var directory = Directory.CreateTempSubdirectory("bench-assembly-files-");
        try
        {
            // The files hold no job id (Slurm puts it in the name only): renaming makes another job of the same shape.
            return TwoNodeJob.WriteNodeStepFiles(directory.FullName)
                .Select(path => new ClientFile(
                    $"{benchmarkDirectory}/job_{jobId}/{jobId}{Path.GetFileName(path)[TwoNodeJob.JobId.ToString(System.Globalization.CultureInfo.InvariantCulture).Length..]}",
                    File.ReadAllBytes(path)))
                .ToList();
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    public static ClientFile Csv(long jobId, string benchmarkDirectory, string content) =>
        new($"{benchmarkDirectory}/job_{jobId}/flops_{jobId}.csv", System.Text.Encoding.UTF8.GetBytes(content));

    /// <summary>The key the app gives the client's object name: <c>&lt;user&gt;/&lt;sanitised name&gt;</c>.</summary>
    public static string KeyOf(string user, string objectName) => $"{user}/{ObjectNames.Sanitize(objectName, out _)}";

    /// <summary>PUTs the file as the client's presigned PUT does (its signed headers carry the benchmark); returns key and ETag.</summary>
    public static async Task<(string Key, string ETag)> PutAsync(AppServers servers, string user, ClientFile file, string? benchmark)
    {
        var key = KeyOf(user, file.ObjectName);
        using var client = servers.S3Client();
        var put = S3Fixture.NewPut(servers.BucketName, key, file.Content);
        if (benchmark is not null)
        {
            put.Metadata.Add("x-amz-meta-benchmark", benchmark);
        }

        var response = await client.PutObjectAsync(put);
        Assert.Equal(HttpStatusCode.OK, response.HttpStatusCode);
        return (key, response.ETag.Trim('"'));
    }

    /// <summary>Uploads and announces the file; <paramref name="eventMetadata"/> says whether the event carries userMetadata as MinIO's do.</summary>
    public static async Task<Guid> UploadAndAnnounceAsync(RunningApp app, AppServers servers, string user, ClientFile file, string? benchmark, bool eventMetadata)
    {
        var (key, etag) = await PutAsync(servers, user, file, benchmark);
        var body = JobTestSupport.MinioEvent(servers.BucketName, key, etag, file.Content.Length);
        if (eventMetadata && benchmark is not null)
        {
            var document = System.Text.Json.Nodes.JsonNode.Parse(body)!;
            document["Records"]![0]!["s3"]!["object"]!["userMetadata"] = new System.Text.Json.Nodes.JsonObject
            {
                ["X-Amz-Meta-Benchmark"] = benchmark,
                ["content-type"] = "application/octet-stream",
            };
            body = document.ToJsonString();
        }

        using var response = await JobTestSupport.PostEventAsync(app, servers.WebhookToken, body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = await response.Content.ReadFromJsonAsync<JsonElement>();
        return Assert.Single(answer.GetProperty("accepted").EnumerateArray()).GetProperty("job_id").GetGuid();
    }

    /// <summary>
    /// Waits until the user's Slurm job has seen <paramref name="uploads"/> uploads end (its generation) and
    /// its figures cover all of them; returns its state. Fails with the app's log.
    /// </summary>
    public static async Task<string> WaitForAssemblyAsync(JobsFixture fixture, string user, string slurmJobId, int uploads, TimeSpan timeout, WorkerLog? log = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        string? seen = null;
        while (DateTime.UtcNow < deadline)
        {
            seen = await fixture.ScalarAsync<string?>(
                "SELECT coalesce((SELECT state || ' ' || generation || '/' || analyzed_generation FROM slurm_job_status WHERE owner = $1 AND slurm_job_id = $2), 'none')",
                user, slurmJobId);
            if (seen is not null && seen.EndsWith($" {uploads}/{uploads}", StringComparison.Ordinal) && !seen.StartsWith("running", StringComparison.Ordinal))
            {
                return seen.Split(' ')[0];
            }

            await Task.Delay(200);
        }

        var lines = (log ?? fixture.App?.Logs)?.Lines.Where(l => !l.StartsWith("Debug", StringComparison.Ordinal) && !l.Contains(" Npgsql.", StringComparison.Ordinal)).TakeLast(60) ?? [];
        Assert.Fail($"Slurm job {slurmJobId} of {user} was not assembled over {uploads} uploads within {timeout.TotalSeconds} s; last seen: {seen}\nlog:\n{string.Join("\n", lines)}");
        return "";
    }

    /// <summary>Shuffled with a fixed seed: a random order that a failure can be reproduced with.</summary>
    public static List<T> Shuffled<T>(IEnumerable<T> items, int seed)
    {
        var list = items.ToList();
        new Random(seed).Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(list));
        return list;
    }
}
