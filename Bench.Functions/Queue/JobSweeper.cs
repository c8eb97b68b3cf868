using Bench.Functions.Jobs;
using Bench.Functions.Options;
using Microsoft.Extensions.Options;

namespace Bench.Functions.Queue;

/// <summary>What one sweep did.</summary>
internal sealed record SweepReport(int Reclaimed, int Republished, int PublishFailures, int Assemblies = 0);

/// <summary>
/// Makes sure no job depends on one publish or one worker: hands running jobs whose lease ran out back
/// to the queue, publishes queued jobs that were never published or were published longer than
/// BENCH_STALE_QUEUED_MINUTES ago, asks again for the assembly of Slurm jobs whose figures lag their files
/// with no live lease and no change for a lease's length (a lost message or worker), and notes the queue depth. Concurrent sweeps in several replicas
/// are harmless: a duplicate message finds its job claimed or finished and is acknowledged.
/// </summary>
internal sealed class JobSweeper(
    JobRecovery recovery,
    JobStore store,
    SlurmJobStatusStore statuses,
    JobPublisher publisher,
    QueueDepth depth,
    IOptions<JobOptions> options,
    ILogger<JobSweeper> logger)
{
    private const int Batch = 500;

    public async Task<SweepReport> SweepAsync(CancellationToken cancellationToken)
    {
        var reclaimed = await recovery.ReclaimExpiredAsync(Batch, cancellationToken).ConfigureAwait(false);
        foreach (var job in reclaimed)
        {
            logger.LogWarning("Job {JobId} ({ObjectKey}): its worker stopped renewing the lease; queued again", job.Id, job.ObjectKey);
        }

        var due = await recovery.DueForPublishAsync(options.Value.StaleQueued, Batch, cancellationToken).ConfigureAwait(false);
        var pending = reclaimed.Concat(due).DistinctBy(j => j.Id).Select(JobMessage.For).ToList();
        var published = await publisher.PublishAsync(pending, cancellationToken).ConfigureAwait(false);
        await store.MarkPublishedAsync(published, cancellationToken).ConfigureAwait(false);
        var lagging = await statuses.LaggingAsync(options.Value.Lease, Batch, cancellationToken).ConfigureAwait(false);
        var assemblies = await publisher.PublishAsync([.. lagging.Select(j => JobMessage.ForAssembly(j.Id, j.JobKey))], cancellationToken).ConfigureAwait(false);
        foreach (var (_, key) in lagging)
        {
            logger.LogInformation("Sweep: Slurm job {JobKey}'s figures lag its files and nobody assembles it; asked again", key);
        }
        await depth.RefreshAsync(cancellationToken).ConfigureAwait(false);
        var report = new SweepReport(reclaimed.Count, published.Count, pending.Count - published.Count + lagging.Count - assemblies.Count, assemblies.Count);
        if (pending.Count > 0)
        {
            logger.LogInformation("Sweep: {Reclaimed} lost job(s) reclaimed, {Republished} message(s) published, {Failures} not confirmed", report.Reclaimed, report.Republished, report.PublishFailures);
        }

        return report;
    }
}

/// <summary>The sweeper's timer: one sweep every BENCH_SWEEP_SECONDS in every process.</summary>
internal sealed class JobSweeperLoop(IServiceProvider services, IOptions<JobOptions> options, TimeProvider time, ILogger<JobSweeperLoop> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Resolved here, after start-up validated the settings it needs.
        var sweeper = services.GetRequiredService<JobSweeper>();
        using var timer = new PeriodicTimer(options.Value.SweepInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                await sweeper.SweepAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                logger.LogWarning("Sweep failed ({Error}: {Message}); next one in {Seconds} s", e.GetType().Name, e.Message, options.Value.SweepInterval.TotalSeconds);
            }
        }
    }
}
