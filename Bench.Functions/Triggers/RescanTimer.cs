using Bench.Functions.Options;
using Microsoft.Extensions.Options;

namespace Bench.Functions.Triggers;

/// <summary>
/// The standalone NightlyRescan timer: waits for each occurrence of BENCH_RESCAN_SCHEDULE (UTC) and runs
/// the rescan; when several replicas wake together, the advisory lock lets one of them run it.
/// </summary>
internal sealed class RescanTimer(IServiceProvider services, IOptions<JobOptions> options, TimeProvider time, ILogger<RescanTimer> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Resolved here, after start-up validated the settings it needs.
        var rescan = services.GetRequiredService<RescanService>();
        RescanSchedule.TryParse(options.Value.RescanSchedule, out var schedule);
        while (!stoppingToken.IsCancellationRequested)
        {
            var next = RescanSchedule.Next(schedule!, time.GetUtcNow());
            logger.LogInformation("Next rescan at {NextRun:O} ({Schedule})", next, options.Value.RescanSchedule);
            // In steps of at most a day: Task.Delay takes no more than ~49 days, and clocks get corrected.
            for (var wait = next - time.GetUtcNow(); wait > TimeSpan.Zero; wait = next - time.GetUtcNow())
            {
                await Task.Delay(wait < TimeSpan.FromDays(1) ? wait : TimeSpan.FromDays(1), time, stoppingToken).ConfigureAwait(false);
            }

            try
            {
                await rescan.RunExclusiveAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                logger.LogError(e, "Rescan failed; the next one runs on schedule");
            }
        }
    }
}
