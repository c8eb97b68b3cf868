using Bench.Functions.Data;
using Bench.Functions.Options;
using Bench.Functions.Storage;
using Microsoft.Extensions.Options;

namespace Bench.Functions.Hosting;

/// <summary>
/// Runs before the server listens (IHostedLifecycleService.StartingAsync): applies migrations
/// (BENCH_MIGRATE_ON_START, default on) and creates the bucket when BENCH_CREATE_BUCKET is set.
/// A failure stops start-up.
/// </summary>
internal sealed class StartupTasks(
    IServiceProvider services,
    IConfiguration configuration,
    IOptions<StorageOptions> storage,
    ILogger<StartupTasks> logger) : IHostedLifecycleService
{
    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        if (new SettingReader(configuration).Bool("BENCH_MIGRATE_ON_START", true))
        {
            await services.GetRequiredService<Migrator>().MigrateAsync(Migration.LoadEmbedded(), cancellationToken).ConfigureAwait(false);
        }

        if (storage.Value.CreateBucket)
        {
            var created = await services.GetRequiredService<StorageService>().EnsureBucketAsync(cancellationToken).ConfigureAwait(false);
            logger.LogInformation(created ? "Created bucket {Bucket}" : "Bucket {Bucket} already exists", storage.Value.Bucket);
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
