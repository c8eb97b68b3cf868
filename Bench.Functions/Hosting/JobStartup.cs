using Bench.Functions.Jobs;
using Bench.Functions.Options;
using Bench.Functions.Queue;
using Bench.Pipeline.Sinks.Postgres;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Bench.Functions.Hosting;

/// <summary>
/// Before the server listens: the result tables exist (a failure stops start-up, like a migration), and
/// an analysis process removes the temp files of workers that were killed mid-job.
/// Once started: the RabbitMQ topology is declared in the background, retried until the broker
/// answers, so a broker that is down does not keep the HTTP functions from starting.
/// </summary>
// Services are resolved when used, not injected: building them reads options, and a bad setting must be
// reported by start-up validation with all the others, not by the first constructor that needs it.
internal sealed class JobStartup(IServiceProvider services, ILogger<JobStartup> logger) : IHostedLifecycleService, IDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private Task _declare = Task.CompletedTask;

    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        await ResultTables.EnsureAsync(services.GetRequiredService<NpgsqlDataSource>(), services.GetRequiredService<PostgresResultSink>(), cancellationToken).ConfigureAwait(false);
        if (services.GetRequiredService<WorkerRole>().RunsAnalysisConsumer)
        {
            JobTempFiles.RemoveOrphans(services.GetRequiredService<IOptions<JobOptions>>().Value.TempDirectory, logger);
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken)
    {
        _declare = DeclareAsync(_stopping.Token);
        return Task.CompletedTask;
    }

    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        try
        {
            await _declare.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose() => _stopping.Dispose();

    private async Task DeclareAsync(CancellationToken cancellationToken)
    {
        for (var attempt = 1; !cancellationToken.IsCancellationRequested; attempt++)
        {
            try
            {
                await services.GetRequiredService<QueueTopology>().EnsureAsync(cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException && e is not OutOfMemoryException)
            {
                var delay = TimeSpan.FromSeconds(Math.Min(30, attempt * 2));
                logger.LogWarning("RabbitMQ topology not declared yet ({Error}: {Message}); trying again in {Seconds} s", e.GetType().Name, e.Message, delay.TotalSeconds);
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
