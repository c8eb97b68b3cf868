namespace Bench.Functions.Jobs;

/// <summary>
/// Renews a running job's lease every third of its length while the attempt works. When the renewal
/// finds the attempt no longer holds the job, it cancels the work: committing would fail anyway.
/// </summary>
internal sealed class LeaseHeartbeat : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public LeaseHeartbeat(JobStore store, Guid jobId, Guid token, TimeSpan lease, CancellationTokenSource work, ILogger logger)
    {
        _loop = RunAsync(store, jobId, token, lease, work, logger);
    }

    /// <summary>True once a renewal found another attempt (or nobody) holding the job.</summary>
    public bool Lost { get; private set; }

    private async Task RunAsync(JobStore store, Guid jobId, Guid token, TimeSpan lease, CancellationTokenSource work, ILogger logger)
    {
        var period = lease / 3;
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(period, _stop.Token).ConfigureAwait(false);
                if (!await store.RenewLeaseAsync(jobId, token, lease, _stop.Token).ConfigureAwait(false))
                {
                    Lost = true;
                    await work.CancelAsync().ConfigureAwait(false);
                    return;
                }
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // The database may be back before the lease runs out; if not, committing will say so.
                logger.LogWarning("Job {JobId}: lease renewal failed ({Error}); the work goes on", jobId, e.GetType().Name);
            }
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        try
        {
            _loop.GetAwaiter().GetResult();
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }
}
