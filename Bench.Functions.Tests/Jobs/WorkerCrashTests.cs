using Bench.Functions.Hosting;
using Bench.Functions.Tests.Hosting;
using static Bench.Functions.Tests.Jobs.JobTestSupport;

namespace Bench.Functions.Tests.Jobs;

/// <summary>Workers that die or are told to stop mid-job: the job completes exactly once, elsewhere.</summary>
public sealed class WorkerCrashTests : IAsyncLifetime
{
    private readonly JobsFixture _jobs = new();

    public async Task InitializeAsync()
    {
        // The webhook, jobs API and sweeper in-process (role api); analysis only in the worker processes.
        await _jobs.InitializeAsync(false, ("BENCH_JOB_LEASE_SECONDS", "4"));
        _app = await RunningApp.StartAsync(_jobs.Settings, role: ServeRole.Api);
    }

    private RunningApp _app = null!;

    [Fact]
    public async Task AWorkerKilledMidJobLeavesAJobThatCompletesExactlyOnceAfterAnotherWorkerStarts()
    {
        var job = await AnnounceLargeProfileAsync();
        long rows;
        await using (var doomed = await WorkerProcess.StartAsync(_jobs.Settings))
        {
            await WaitForStateAsync(_jobs, job, TimeSpan.FromSeconds(60), "running");
            // Give it time to download and get into the analysis, then kill -9.
            await doomed.WaitForOutputAsync("analysing s3://", TimeSpan.FromSeconds(30));
            await Task.Delay(1500);
            await doomed.KillAsync();
            Assert.Equal("running", await _jobs.ScalarAsync<string>("SELECT state FROM analysis_jobs WHERE id = $1", job));
            Assert.Single(Directory.GetDirectories(_jobs.TempDirectory));
            rows = await _jobs.ScalarAsync<long>("SELECT count(*) FROM pg_tables WHERE tablename LIKE 'stg_%'");
        }

        // Nothing of the killed attempt is visible: its transaction (staging table included) died with it.
        Assert.Equal(0, rows);
        await using var survivor = await WorkerProcess.StartAsync(_jobs.Settings);
        await WaitForStateAsync(_jobs, job, TimeSpan.FromSeconds(120), "succeeded");

        Assert.Equal(2, await _jobs.ScalarAsync<int>("SELECT attempts FROM analysis_jobs WHERE id = $1", job));
        Assert.Equal(LargeProfileRows, await _jobs.ScalarAsync<long>("SELECT count(*) FROM job_job_6464"));
        Assert.Equal(1L, await _jobs.ScalarAsync<long>("SELECT count(*) FROM pg_tables WHERE tablename LIKE 'job_%' AND tablename <> 'job_summaries'"));
        Assert.Equal(1L, await _jobs.ScalarAsync<long>("SELECT count(*) FROM job_summaries"));
        Assert.Equal(0L, await _jobs.ScalarAsync<long>("SELECT count(*) FROM pg_tables WHERE tablename LIKE 'stg_%'"));
        // The survivor removed what the killed worker left in the temp dir, and its own files.
        Assert.Empty(Directory.GetDirectories(_jobs.TempDirectory));
    }

    [Fact]
    public async Task OnSigtermAWorkerStopsTakingMessagesAndFinishesTheJobInHand()
    {
        var job = await AnnounceLargeProfileAsync();
        await using var worker = await WorkerProcess.StartAsync(_jobs.Settings);
        await WaitForStateAsync(_jobs, job, TimeSpan.FromSeconds(60), "running");
        await worker.WaitForOutputAsync("analysing s3://", TimeSpan.FromSeconds(30));

        await worker.SignalTermAsync();
        await worker.WaitForOutputAsync("to finish", TimeSpan.FromSeconds(30));
        // A job announced after SIGTERM is not taken by the stopping worker.
        var (_, _, tokens) = await _app.RegisterAsync();
        var small = Profile(SmallProfile(seed: 71), "job_71.h5");
        var (key, etag) = await UploadAsync(_app, tokens.Access, "job_71.h5", small);
        var later = await AnnounceAsync(_app, _jobs.Servers.WebhookToken, _jobs.Servers.BucketName, key, etag, small.Length);

        Assert.Equal(0, await worker.WaitForExitAsync(TimeSpan.FromSeconds(120)));
        Assert.Equal("succeeded", await _jobs.ScalarAsync<string>("SELECT state FROM analysis_jobs WHERE id = $1", job));
        Assert.Equal("queued", await _jobs.ScalarAsync<string>("SELECT state FROM analysis_jobs WHERE id = $1", later));
        Assert.Equal(1, await _jobs.ScalarAsync<int>("SELECT attempts FROM analysis_jobs WHERE id = $1", job));
        Assert.Contains("job(s) in hand get up to 300 s to finish", worker.Output, StringComparison.Ordinal);
        Assert.Empty(Directory.GetDirectories(_jobs.TempDirectory));
    }

    [Fact]
    public async Task OnSigtermAJobThatOutlivesTheGracePeriodGoesBackToTheQueueAndAnotherWorkerCompletesIt()
    {
        var job = await AnnounceLargeProfileAsync();
        await using (var worker = await WorkerProcess.StartAsync(_jobs.With(("BENCH_SHUTDOWN_SECONDS", "0"))))
        {
            await WaitForStateAsync(_jobs, job, TimeSpan.FromSeconds(60), "running");
            await worker.WaitForOutputAsync("analysing s3://", TimeSpan.FromSeconds(30));
            Assert.Equal(0, await worker.TerminateAsync(TimeSpan.FromSeconds(60)));
        }

        Assert.Equal("queued", await _jobs.ScalarAsync<string>("SELECT state FROM analysis_jobs WHERE id = $1", job));
        Assert.Equal("interrupted by a worker shutdown; queued again", await _jobs.ScalarAsync<string>("SELECT error FROM analysis_jobs WHERE id = $1", job));
        Assert.Empty(Directory.GetDirectories(_jobs.TempDirectory));

        await using var next = await WorkerProcess.StartAsync(_jobs.Settings);
        await WaitForStateAsync(_jobs, job, TimeSpan.FromSeconds(120), "succeeded");
        Assert.Equal(2, await _jobs.ScalarAsync<int>("SELECT attempts FROM analysis_jobs WHERE id = $1", job));
        Assert.Equal(LargeProfileRows, await _jobs.ScalarAsync<long>("SELECT count(*) FROM job_job_6464"));
    }

    private async Task<Guid> AnnounceLargeProfileAsync()
    {
        var (_, _, tokens) = await _app.RegisterAsync();
        var profile = LargeProfileBytes;
        var (key, etag) = await UploadAsync(_app, tokens.Access, "job_6464.h5", profile);
        return await AnnounceAsync(_app, _jobs.Servers.WebhookToken, _jobs.Servers.BucketName, key, etag, profile.Length);
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _jobs.DisposeAsync();
    }
}
