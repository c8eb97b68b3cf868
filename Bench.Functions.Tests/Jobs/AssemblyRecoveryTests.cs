using Bench.Functions.Tests.Hosting;
using Bench.Functions.Tests.SlurmJobs;
using static Bench.Functions.Tests.Jobs.AssemblySupport;

namespace Bench.Functions.Tests.Jobs;

/// <summary>The assembly a stopped worker owed is not lost: the sweeper of another asks for it.</summary>
public sealed class AssemblyRecoveryTests : IAsyncLifetime
{
    private readonly JobsFixture _jobs = new();

    // A settle delay long enough to stop the worker while its timer waits (lease 6 s: the sweeper's patience).
    public Task InitializeAsync() => _jobs.InitializeAsync(false, ("BENCH_ASSEMBLY_DELAY_SECONDS", "8"));

    public Task DisposeAsync() => _jobs.DisposeAsync();

    [Fact]
    public async Task AJobWhoseWorkerStoppedBeforeItsAssemblyIsAssembledByTheSweeperOfTheNextWorker()
    {
        var user = RunningApp.NewUsername();
        await using (var first = await RunningApp.StartAsync(_jobs.Settings))
        {
            foreach (var file in NodeStepFiles(606, "nbody"))
            {
                await UploadAndAnnounceAsync(first, _jobs.Servers, user, file, "nbody", eventMetadata: false);
            }

            await JobTestSupport.WaitUntilAsync(
                async () => await _jobs.ScalarAsync<string?>("SELECT state FROM slurm_job_status WHERE owner = $1 AND generation = 5 AND analyzed_generation = 0", user),
                TimeSpan.FromSeconds(60), "every upload of the job ending");
        }

        // The first worker is gone with its timer, before the delay ran out: nothing was assembled.
        Assert.Equal(0L, await _jobs.ScalarAsync<long>("SELECT count(*) FROM slurm_job_assemblies"));
        await using var second = await RunningApp.StartAsync(_jobs.Settings);
        Assert.Equal("done", await WaitForAssemblyAsync(_jobs, user, "606", uploads: 5, TimeSpan.FromSeconds(60), second.Logs));

        Assert.Contains(second.Logs.Lines, l => l.Contains("nobody assembles it; asked again", StringComparison.Ordinal));
        Assert.Equal(1, await _jobs.ScalarAsync<int>("SELECT analyses FROM slurm_job_status WHERE owner = $1", user));
        Assert.Equal(TwoNodeJob.JobEnergyJ, await _jobs.ScalarAsync<double>("SELECT energy_to_solution_j FROM slurm_jobs WHERE owner = $1", user), 6);
    }
}
