namespace Bench.Functions.Jobs;

/// <summary>
/// Renews a lease (an upload's or a Slurm job assembly's) every third of its length while the attempt works. When the renewal
/// finds the attempt no longer holds the job, it cancels the work: committing would fail anyway.
/// </summary>
internal sealed class LeaseHeartbeat : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public LeaseHeartbeat(JobStore store, Guid jobId, Guid token, TimeSpan lease, CancellationTokenSource work, ILogger logger)
        : this(jobId, lease, ct => store.RenewLeaseAsync(jobId, token, lease, ct), work, logger)
    {
    }

    /// <param name="id">The job or Slurm job, for log lines.</param>
    /// <param name="lease">The lease's length.</param>
    /// <param name="renew">Extends the lease; false when the attempt no longer holds it.</param>
    /// <param name="work">Cancelled when the lease is lost.</param>
    /// <param name="logger">Where failed renewals are told.</param>
    public LeaseHeartbeat(Guid id, TimeSpan lease, Func<CancellationToken, Task<bool>> renew, CancellationTokenSource work, ILogger logger)
    {
        _loop = RunAsync(id, lease, renew, work, logger);
    }

    /// <summary>True once a renewal found another attempt (or nobody) holding the job.</summary>
    public bool Lost { get; private set; }

    private async Task RunAsync(Guid jobId, TimeSpan lease, Func<CancellationToken, Task<bool>> renew, CancellationTokenSource work, ILogger logger)
    {
        var period = lease / 3;
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(period, _stop.Token).ConfigureAwait(false);
                if (!await renew(_stop.Token).ConfigureAwait(false))
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
