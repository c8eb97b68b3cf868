using Bench.Functions.Tests.Hosting;

namespace Bench.Functions.Tests.Jobs;

/// <summary>
/// The set-up of the Slurm job API tests: the app of the class's <see cref="JobsFixture"/>, and a
/// <see cref="SlurmJobSeeder"/> per test that removes what it seeded afterwards.
/// </summary>
public abstract class SeededJobsTests(JobsFixture fixture) : IAsyncLifetime
{
    protected JobsFixture Fixture => fixture;

    protected SlurmJobSeeder Seeder { get; private set; } = null!;

    protected RunningApp App => fixture.App;

    public Task InitializeAsync()
    {
        Seeder = new SlurmJobSeeder(fixture);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await Seeder.DisposeAsync();
}
