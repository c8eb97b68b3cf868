using Bench.Functions.Hosting.Middleware;
using Bench.Functions.Jobs;
using Bench.Functions.Queue;

namespace Bench.Functions.Triggers;

/// <summary>
/// One object version of one webhook call, as the call answers it: <see cref="RecordedJob.Queued"/> only for
/// the call that queued the job (another call in the same batch that named the version first makes it a
/// duplicate, as if it had come later); <paramref name="Published"/> when the broker confirmed that call's message.
/// </summary>
internal sealed record BatchedJob(RecordedJob Job, bool Published);

/// <summary>
/// Group commit for the webhook: the object versions of concurrent calls are recorded together (one
/// INSERT), their new jobs published together (one wait for all confirms) and marked published together
/// (one UPDATE). A call that finds fewer than <see cref="MaxBatchesInFlight"/> batches running starts its
/// own at once (a lone event never waits); otherwise it queues, and the next batch takes everything queued.
/// Each call is answered with its own versions only, when its batch has committed, so a 200 still means
/// "recorded". Failures: when the batch cannot be recorded because the database is unavailable, every call
/// in it gets the exception (each answers 503, MinIO retries each); any other recording failure is
/// retried call by call, so one bad event fails only its own call. A publish failure only leaves jobs
/// unpublished, for the sweeper, as before.
/// </summary>
internal sealed class WebhookBatcher(JobStore store, JobPublisher publisher, ILogger<WebhookBatcher> logger)
{
    /// <summary>Batches running at once: two, so one is recorded while the other waits for the broker.</summary>
    internal const int MaxBatchesInFlight = 2;

    private readonly Lock _lock = new();
    private List<Call> _queued = [];
    private int _inFlight;

    /// <summary>Records <paramref name="versions"/> with those of concurrent calls, publishes the new jobs, and answers for these versions (in their order, deduplicated).</summary>
    public async Task<IReadOnlyList<BatchedJob>> RecordAsync(IReadOnlyList<ObjectVersion> versions, CancellationToken cancellationToken)
    {
        if (versions.Count == 0)
        {
            return [];
        }

        var call = new Call(versions);
        var startsBatch = false;
        lock (_lock)
        {
            if (_inFlight < MaxBatchesInFlight)
            {
                _inFlight++;
                startsBatch = true;
            }
            else
            {
                _queued.Add(call);
            }
        }

        if (startsBatch)
        {
            // Not awaited here: the loop goes on with the calls that queued meanwhile, and this call's answer must not wait for theirs.
            _ = RunAsync([call]);
        }

        // The batch commits whatever this caller does; a caller that gives up only stops waiting for it.
        return await call.Answer.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task RunAsync(List<Call> batch)
    {
        while (true)
        {
            await ProcessAsync(batch).ConfigureAwait(false);
            lock (_lock)
            {
                if (_queued.Count == 0)
                {
                    _inFlight--;
                    return;
                }

                batch = _queued;
                _queued = [];
            }
        }
    }

    private async Task ProcessAsync(List<Call> batch)
    {
        try
        {
            var answers = await RecordAndPublishAsync(batch).ConfigureAwait(false);
            for (var i = 0; i < batch.Count; i++)
            {
                batch[i].Answer.TrySetResult(answers[i]);
            }
        }
        catch (Exception e) when (batch.Count > 1 && ErrorHandling.Classify(e).Status != StatusCodes.Status503ServiceUnavailable)
        {
            // Not an outage: perhaps one call's event is what the database refused. Alone, each call gets its own answer.
            logger.LogWarning("A batch of {Count} webhook calls was not recorded ({Error}: {Message}); recording them one by one", batch.Count, e.GetType().Name, e.Message);
            foreach (var call in batch)
            {
                await ProcessAsync([call]).ConfigureAwait(false);
            }
        }
        catch (Exception e)
        {
            foreach (var call in batch)
            {
                call.Answer.TrySetException(e);
            }
        }
    }

    private async Task<List<IReadOnlyList<BatchedJob>>> RecordAndPublishAsync(List<Call> batch)
    {
        // No caller's token: once started, the batch commits for every call in it.
        var recorded = await store.RecordAsync([.. batch.SelectMany(c => c.Versions)], JobOrigins.Webhook, CancellationToken.None).ConfigureAwait(false);
        var jobs = recorded.ToDictionary(r => (r.Object.Bucket, r.Object.Key, r.Object.ETag));
        var created = recorded.Where(r => r.Queued).ToList();
        var published = new HashSet<Guid>();
        if (created.Count > 0)
        {
            // The jobs are committed: whatever happens from here, the sweeper or the rescan finds them.
            published = [.. await publisher.PublishAsync([.. created.Select(r => new JobMessage(r.Id, r.Object.Bucket, r.Object.Key, r.Object.ETag))], CancellationToken.None).ConfigureAwait(false)];
            try
            {
                await store.MarkPublishedAsync(published, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                logger.LogWarning("Could not note {Count} job(s) as published ({Error}); the sweeper may publish them again", published.Count, e.GetType().Name);
            }
        }

        // A version named by several calls of the batch was queued by the first of them; for the others it is a duplicate, as if they had come later.
        var claimed = new HashSet<Guid>();
        var answers = new List<IReadOnlyList<BatchedJob>>(batch.Count);
        foreach (var call in batch)
        {
            var answer = new List<BatchedJob>(call.Versions.Count);
            foreach (var version in call.Versions.DistinctBy(v => (v.Bucket, v.Key, v.ETag)))
            {
                if (!jobs.TryGetValue((version.Bucket, version.Key, version.ETag), out var job))
                {
                    continue;
                }

                var mine = job.Queued && claimed.Add(job.Id);
                answer.Add(new BatchedJob(
                    job with { Object = version, Outcome = job.Queued && !mine ? RecordOutcome.Existing : job.Outcome },
                    mine && published.Contains(job.Id)));
            }

            answers.Add(answer);
        }

        return answers;
    }

    private sealed class Call(IReadOnlyList<ObjectVersion> versions)
    {
        public IReadOnlyList<ObjectVersion> Versions { get; } = versions;

        public TaskCompletionSource<IReadOnlyList<BatchedJob>> Answer { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
