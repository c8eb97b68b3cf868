using Bench.Functions.Triggers;
using Microsoft.Azure.Functions.Worker;

namespace Bench.Functions.Functions;

/// <summary>
/// NightlyRescan: on BENCH_RESCAN_SCHEDULE (6-field NCRONTAB, UTC) queue a job for every <c>.h5</c> and <c>.csv</c> object
/// without one and publish stale queued jobs again. Several instances may fire together; the PostgreSQL
/// advisory lock in <see cref="RescanService.RunExclusiveAsync"/> lets one of them run it.
/// </summary>
internal sealed class RescanFunctions(RescanService rescan, ILogger<RescanFunctions> logger)
{
    // UseMonitor: a firing missed while no instance ran (a deploy at 02:00) runs as soon as one starts;
    // the host keeps that schedule status in AzureWebJobsStorage, which the timer needs anyway.
    [Function("NightlyRescan")]
    public async Task NightlyRescanAsync([TimerTrigger("%BENCH_RESCAN_SCHEDULE%", UseMonitor = true)] TimerInfo timer, CancellationToken cancellationToken)
    {
        if (timer.IsPastDue)
        {
            logger.LogInformation("The rescan is past due; running it now");
        }

        var report = await rescan.RunExclusiveAsync(cancellationToken).ConfigureAwait(false);
        // A failure throws: the host records the invocation as failed, and the next occurrence runs as scheduled.
        logger.LogInformation("{Report}", report?.ToString() ?? "Rescan skipped: another process is running it");
    }
}
