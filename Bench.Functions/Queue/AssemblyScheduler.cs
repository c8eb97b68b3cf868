using System.Collections.Concurrent;

namespace Bench.Functions.Queue;

/// <summary>
/// Publishes an assembly message for a Slurm job after a delay (the settle delay after its last file),
/// at most one pending per job in this process, so a burst of uploads finishing here asks once. The
/// timer lives in memory: if the process dies first, the sweeper publishes for the lagging job.
/// </summary>
internal sealed class AssemblyScheduler(JobPublisher publisher, IHostApplicationLifetime lifetime, ILogger<AssemblyScheduler> logger)
{
    private readonly ConcurrentDictionary<Guid, byte> _pending = new();

    /// <summary>How many jobs wait for their message in this process (for tests and logs).</summary>
    public int Pending => _pending.Count;

    public void Schedule(Guid statusId, string jobKey, TimeSpan delay)
    {
        if (_pending.TryAdd(statusId, 0))
        {
            _ = PublishLaterAsync(statusId, jobKey, delay);
        }
    }

    private async Task PublishLaterAsync(Guid statusId, string jobKey, TimeSpan delay)
    {
        try
        {
            if (delay > TimeSpan.Zero)
            {
                await Task.Delay(delay, lifetime.ApplicationStopping).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            _pending.TryRemove(statusId, out _);
            return;
        }

        // Removed before publishing: a file that lands from here on asks again, and nothing is missed.
        _pending.TryRemove(statusId, out _);
        try
        {
            var published = await publisher.PublishAsync([JobMessage.ForAssembly(statusId, jobKey)], CancellationToken.None).ConfigureAwait(false);
            if (published.Count == 0)
            {
                logger.LogWarning("Assembly of Slurm job {JobKey} not published; the sweeper will ask again", jobKey);
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            logger.LogWarning("Assembly of Slurm job {JobKey} not published ({Error}); the sweeper will ask again", jobKey, e.GetType().Name);
        }
    }
}
