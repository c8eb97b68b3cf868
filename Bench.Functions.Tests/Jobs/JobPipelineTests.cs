using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Bench.Functions.Tests.Hosting;
using static Bench.Functions.Tests.Jobs.JobTestSupport;

namespace Bench.Functions.Tests.Jobs;

/// <summary>Upload, MinIO event, job, queue, analysis, PostgreSQL, jobs API: the whole path against the real servers.</summary>
public sealed class JobPipelineTests(JobsFixture fixture) : IClassFixture<JobsFixture>
{
    private static readonly TimeSpan JobTimeout = TimeSpan.FromSeconds(60);

    private RunningApp App => fixture.App;

    [Fact]
    public async Task AnUploadAnnouncedByMinioIsAnalysedIntoItsTableWithTheFiguresOfAnalyzeJson()
    {
        var (_, _, tokens) = await App.RegisterAsync();
        var profile = Profile(SmallProfile(seed: 7), "job_31337.h5");
        var (key, etag) = await UploadAsync(App, tokens.Access, "job_31337.h5", profile);

        var jobId = await AnnounceAsync(App, fixture.Servers.WebhookToken, fixture.Servers.BucketName, key, etag, profile.Length);
        await WaitForStateAsync(fixture, jobId, JobTimeout, "succeeded");

        // The timeline: 2 nodes x 181 samples, each node's cumulative energy ending where analyze says.
        var local = await AnalyzeLocallyAsync(profile, "job_31337.h5");
        Assert.Equal(SmallProfileRows, await fixture.ScalarAsync<long>("SELECT count(*) FROM job_job_31337"));
        Assert.Equal(2L, await fixture.ScalarAsync<long>("SELECT count(DISTINCT node) FROM job_job_31337"));
        foreach (var node in local.GetProperty("per_node").EnumerateArray())
        {
            var last = await fixture.ScalarAsync<double>(
                "SELECT energy_j FROM job_job_31337 WHERE node = $1 ORDER BY epoch_s DESC LIMIT 1", node.GetProperty("node").GetString()!);
            Assert.Equal(node.GetProperty("energy_j").GetDouble(), last, 6);
        }

        using var response = await App.Client.SendAsync(App.Authorized(HttpMethod.Get, $"/uploads/{jobId}", tokens.Access));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var job = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("succeeded", job.GetProperty("state").GetString());
        Assert.Equal(1, job.GetProperty("attempts").GetInt32());
        Assert.Equal(key, job.GetProperty("key").GetString());
        Assert.Equal("job_job_31337", job.GetProperty("table_name").GetString());
        Assert.True(job.GetProperty("timings").GetProperty("run_seconds").GetDouble() > 0);
        var summary = job.GetProperty("summary");
        foreach (var name in new[]
        {
            "slurm_job_id", "layout", "nodes", "steps", "tasks", "start_time", "end_time", "energy_to_solution_j", "time_to_solution_s",
            "average_power_w", "peak_power_w", "peak_power_time_s", "energy_delay_product", "appliance_name", "appliance_amount",
            "appliance_unit", "appliance_description", "cost_eur", "co2_g", "per_node", "per_step", "components", "warnings",
        })
        {
            Assert.True(JsonElement.DeepEquals(local.GetProperty(name), summary.GetProperty(name)), $"{name}: analyze --json says {local.GetProperty(name)}, the job says {summary.GetProperty(name)}");
        }

        // The price was applied: EUR = J / 3.6e9 MWh/J * 87.5 EUR/MWh.
        Assert.Equal(local.GetProperty("energy_to_solution_j").GetDouble() / 3.6e9 * 87.5, summary.GetProperty("cost_eur").GetDouble(), 9);
        Assert.Equal($"s3://{fixture.Servers.BucketName}/{key}", await fixture.ScalarAsync<string>("SELECT source FROM job_summaries WHERE table_name = 'job_job_31337'"));
        Assert.Equal(key.Split('/')[0], await fixture.ScalarAsync<string>("SELECT owner FROM job_summaries WHERE table_name = 'job_job_31337'"));
    }

    [Fact]
    public async Task DuplicateAndOutOfOrderEventsForOneObjectVersionMakeOneJobThatRunsOnce()
    {
        var (_, _, tokens) = await App.RegisterAsync();
        var profile = Profile(SmallProfile(seed: 3), "job_5150.h5");
        var (key, etag) = await UploadAsync(App, tokens.Access, "dup run.h5", profile);
        var other = Profile(SmallProfile(seed: 4), "job_5151.h5");
        var (otherKey, otherETag) = await UploadAsync(App, tokens.Access, "other.h5", other);
        var bucket = fixture.Servers.BucketName;

        // MinIO with a queue_dir retries: the same record again, interleaved with another object's, and
        // the multipart form of the same version, then a late copy after the job has finished.
        var first = await AnnounceAsync(App, fixture.Servers.WebhookToken, bucket, key, etag, profile.Length);
        var otherJob = await AnnounceAsync(App, fixture.Servers.WebhookToken, bucket, otherKey, otherETag, other.Length);
        using (var again = await PostEventAsync(App, fixture.Servers.WebhookToken, MinioEvent(bucket, key, etag, profile.Length, "s3:ObjectCreated:CompleteMultipartUpload"), "/minio"))
        {
            var body = await again.Content.ReadFromJsonAsync<JsonElement>();
            var accepted = Assert.Single(body.GetProperty("accepted").EnumerateArray());
            Assert.Equal(first, accepted.GetProperty("job_id").GetGuid());
            Assert.True(accepted.GetProperty("duplicate").GetBoolean());
        }

        Assert.Equal(first, await AnnounceAsync(App, fixture.Servers.WebhookToken, bucket, key, etag, profile.Length));
        await WaitForStateAsync(fixture, first, JobTimeout, "succeeded");
        await WaitForStateAsync(fixture, otherJob, JobTimeout, "succeeded");
        Assert.Equal(first, await AnnounceAsync(App, fixture.Servers.WebhookToken, bucket, key, etag, profile.Length));
        await Task.Delay(1500);

        Assert.Equal(1L, await fixture.ScalarAsync<long>("SELECT count(*) FROM analysis_jobs WHERE object_key = $1", key));
        Assert.Equal(1, await fixture.ScalarAsync<int>("SELECT attempts FROM analysis_jobs WHERE id = $1", first));
        Assert.Equal("succeeded", await fixture.ScalarAsync<string>("SELECT state FROM analysis_jobs WHERE id = $1", first));
        Assert.Equal(1L, await fixture.ScalarAsync<long>("SELECT count(*) FROM job_summaries WHERE source = $1", $"s3://{bucket}/{key}"));
    }

    [Fact]
    public async Task ACorruptUploadFailsItsJobWithAReasonAndTheNextFileStillSucceeds()
    {
        var (_, _, tokens) = await App.RegisterAsync();
        var bucket = fixture.Servers.BucketName;
        var garbage = System.Text.Encoding.UTF8.GetBytes("this is not an HDF5 file, just text with an .h5 name\n");
        var (badKey, badETag) = await UploadAsync(App, tokens.Access, "broken.h5", garbage);
        var good = Profile(SmallProfile(seed: 11), "job_9001.h5");
        var (goodKey, goodETag) = await UploadAsync(App, tokens.Access, "job_9001.h5", good);

        var bad = await AnnounceAsync(App, fixture.Servers.WebhookToken, bucket, badKey, badETag, garbage.Length);
        var next = await AnnounceAsync(App, fixture.Servers.WebhookToken, bucket, goodKey, goodETag, good.Length);

        var failed = await WaitForStateAsync(fixture, bad, JobTimeout, "failed");
        await WaitForStateAsync(fixture, next, JobTimeout, "succeeded");
        // One attempt: a file that is not HDF5 is not retried. The reason names the object, not a temp path.
        Assert.Equal(1, await fixture.ScalarAsync<int>("SELECT attempts FROM analysis_jobs WHERE id = $1", bad));
        Assert.Contains(badKey, failed, StringComparison.Ordinal);
        Assert.Contains("HDF5", failed, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("bench-job-", failed, StringComparison.Ordinal);

        using var response = await App.Client.SendAsync(App.Authorized(HttpMethod.Get, $"/uploads/{bad}", tokens.Access));
        var job = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("failed", job.GetProperty("state").GetString());
        Assert.Equal(failed["failed: ".Length..], job.GetProperty("error").GetString());
        Assert.Equal(JsonValueKind.Null, job.GetProperty("summary").ValueKind);
        Assert.Equal(0L, await fixture.ScalarAsync<long>("SELECT count(*) FROM job_summaries WHERE source = $1", $"s3://{bucket}/{badKey}"));
        // Both attempts, failed and succeeded, removed their downloads.
        Assert.Empty(Directory.EnumerateFileSystemEntries(fixture.TempDirectory));
    }

    [Fact]
    public async Task TheRescanQueuesAnObjectWhoseEventNeverCameAndLeavesKnownOnesAlone()
    {
        var (_, _, tokens) = await App.RegisterAsync();
        var profile = Profile(SmallProfile(seed: 21), "job_4711.h5");
        var (key, _) = await UploadAsync(App, tokens.Access, "job_4711.h5", profile);
        var known = Profile(SmallProfile(seed: 22), "job_4712.h5");
        var (knownKey, knownETag) = await UploadAsync(App, tokens.Access, "job_4712.h5", known);
        var knownJob = await AnnounceAsync(App, fixture.Servers.WebhookToken, fixture.Servers.BucketName, knownKey, knownETag, known.Length);
        await WaitForStateAsync(fixture, knownJob, JobTimeout, "succeeded");
        await UploadAsync(App, tokens.Access, "notes.txt", "not a profile"u8.ToArray());

        // The timer as the host fires it: an InvocationRequest with TimerInfo; the function logs its report.
        await App.RunTimerAsync("NightlyRescan");
        Assert.Contains(App.Logs.Lines, l => l.Contains("RescanFunctions", StringComparison.Ordinal) && l.Contains(" 1 new job(s) queued", StringComparison.Ordinal));

        var jobId = await fixture.ScalarAsync<Guid>("SELECT id FROM analysis_jobs WHERE object_key = $1", key);
        Assert.Equal("rescan", await fixture.ScalarAsync<string>("SELECT origin FROM analysis_jobs WHERE id = $1", jobId));
        await WaitForStateAsync(fixture, jobId, JobTimeout, "succeeded");
        Assert.Equal(1L, await fixture.ScalarAsync<long>("SELECT count(*) FROM analysis_jobs WHERE object_key = $1", knownKey));
        Assert.Equal(0L, await fixture.ScalarAsync<long>("SELECT count(*) FROM analysis_jobs WHERE object_key LIKE '%notes.txt'"));
        Assert.Equal(SmallProfileRows, await fixture.ScalarAsync<long>("SELECT count(*) FROM job_job_4711"));
    }

    [Fact]
    public async Task TheRescanCommandDoesWhatTheTimerDoesOnceAndSaysWhat()
    {
        var (_, _, tokens) = await App.RegisterAsync();
        var profile = Profile(SmallProfile(seed: 31), "job_4800.h5");
        var (key, _) = await UploadAsync(App, tokens.Access, "job_4800.h5", profile);

        var outcome = await CliProcess.RunAsync(AppContext.BaseDirectory, fixture.Settings, "rescan");
        Assert.True(outcome.ExitCode == 0, outcome.Stdout + outcome.Stderr);
        Assert.Matches(@"^rescan: \d+ object\(s\) listed, \d+ analysable, 1 new job\(s\) queued, \d+ already had a job, \d+ skipped; ", outcome.Stdout);

        var jobId = await fixture.ScalarAsync<Guid>("SELECT id FROM analysis_jobs WHERE object_key = $1", key);
        await WaitForStateAsync(fixture, jobId, JobTimeout, "succeeded");
        var again = await CliProcess.RunAsync(AppContext.BaseDirectory, fixture.Settings, "rescan");
        Assert.Contains(" 0 new job(s) queued", again.Stdout, StringComparison.Ordinal);
    }

    /// <summary>What <c>analyze --json</c> prints for the same bytes, run as a separate process like a user would.</summary>
    internal static async Task<JsonElement> AnalyzeLocallyAsync(byte[] profile, string fileName)
    {
        var directory = Directory.CreateTempSubdirectory("bench-jobs-local-");
        try
        {
            var path = Path.Combine(directory.FullName, fileName);
            await File.WriteAllBytesAsync(path, profile);
            var outcome = await CliProcess.RunAsync(directory.FullName, "analyze", path, "--json", "--price", JobsFixture.Price);
            Assert.True(outcome.ExitCode == 0, outcome.Stderr);
            return Assert.Single(JsonDocument.Parse(outcome.Stdout).RootElement.EnumerateArray()).Clone();
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
