using System.Text.Json;
using Bench.Functions.Tests.Hosting;
using Bench.Functions.Tests.SlurmJobs;
using static Bench.Functions.Tests.Jobs.AssemblySupport;

namespace Bench.Functions.Tests.Jobs;

/// <summary>Files of one Slurm job arriving at once and analysed by two worker processes.</summary>
public sealed class AssemblyConcurrencyTests : IAsyncLifetime
{
    private readonly JobsFixture _jobs = new();
    private RunningApp _api = null!;

    public async Task InitializeAsync()
    {
        // The webhook in its own process (role api); uploads and assemblies only in the two workers. No
        // settle delay: assemblies start as early as they can, so the lease alone keeps them apart.
        await _jobs.InitializeAsync(false, ("BENCH_ASSEMBLY_DELAY_SECONDS", "0"), ("BENCH_ANALYSIS_PREFETCH", "2"));
        _api = await RunningApp.StartAsync(_jobs.Settings, role: ServeRole.Api);
    }

    public async Task DisposeAsync()
    {
        await _api.DisposeAsync();
        await _jobs.DisposeAsync();
    }

    [Fact]
    public async Task FilesOfOneJobOnTwoWorkersGiveOneResultWithEveryFileAndNeverTwoAssembliesAtOnce()
    {
        await using var first = await WorkerProcess.StartAsync(_jobs.Settings);
        await using var second = await WorkerProcess.StartAsync(_jobs.Settings);
        var user = RunningApp.NewUsername();
        var files = NodeStepFiles(777, "ior").Concat(NodeStepFiles(778, "ior")).ToList();

        // Every PUT first, then every event at once: the uploads of each job finish on both workers together.
        var announced = files.Select(async f =>
        {
            var (key, etag) = await PutAsync(_jobs.Servers, user, f, "ior");
            using var response = await JobTestSupport.PostEventAsync(_api, _jobs.Servers.WebhookToken, JobTestSupport.MinioEvent(_jobs.Servers.BucketName, key, etag, f.Content.Length));
            Assert.True(response.IsSuccessStatusCode);
        });
        await Task.WhenAll(announced);

        foreach (var id in new[] { "777", "778" })
        {
            Assert.Equal("done", await WaitForAssemblyAsync(_jobs, user, id, uploads: 5, TimeSpan.FromSeconds(120), _api.Logs));
            var sources = JsonSerializer.Deserialize<string[]>(await _jobs.ScalarAsync<string>("SELECT files::text FROM slurm_jobs WHERE job_key = $1", $"{user}//{id}"))!;
            Assert.Equal(files.Where(f => f.ObjectName.Contains($"/job_{id}/", StringComparison.Ordinal)).Select(f => $"s3://{_jobs.Servers.BucketName}/{KeyOf(user, f.ObjectName)}").Order(), sources.Order());
            Assert.Equal(TwoNodeJob.JobEnergyJ, await _jobs.ScalarAsync<double>("SELECT energy_to_solution_j FROM slurm_jobs WHERE job_key = $1", $"{user}//{id}"), 6);
        }

        Assert.Equal(2L, await _jobs.ScalarAsync<long>("SELECT count(*) FROM slurm_job_status WHERE owner = $1", user));
        Assert.Equal(2L, await _jobs.ScalarAsync<long>("SELECT count(*) FROM slurm_jobs WHERE owner = $1", user));
        Assert.True(await _jobs.ScalarAsync<int>("SELECT min(analyses) FROM slurm_job_status WHERE owner = $1", user) >= 1);
        // Both workers analysed: every upload ran once, and the runs of one job never overlapped in time.
        Assert.Equal(10L, await _jobs.ScalarAsync<long>("SELECT count(*) FROM analysis_jobs WHERE owner = $1 AND state = 'succeeded' AND attempts = 1", user));
        Assert.Equal(0L, await _jobs.ScalarAsync<long>(
            """
            SELECT count(*) FROM slurm_job_assemblies a JOIN slurm_job_assemblies b
              ON a.job_id = b.job_id AND a.id <> b.id
             AND a.started_at < coalesce(b.finished_at, 'infinity') AND b.started_at < coalesce(a.finished_at, 'infinity')
            """));
        Assert.Equal(0L, await _jobs.ScalarAsync<long>("SELECT count(*) FROM slurm_job_assemblies WHERE finished_at IS NULL OR outcome <> 'done'"));
        Assert.Equal(
            await _jobs.ScalarAsync<long>("SELECT sum(analyses)::bigint FROM slurm_job_status WHERE owner = $1", user),
            await _jobs.ScalarAsync<long>("SELECT count(*) FROM slurm_job_assemblies"));
    }
}
