using System.Diagnostics;
using Bench.Functions.Options;
using Bench.Functions.Queue;
using Bench.Pipeline.Analysis;
using Bench.Pipeline.Jobs;
using Bench.Pipeline.Perf;
using Bench.Pipeline.Sinks;
using Bench.Pipeline.Sinks.Postgres;
using Microsoft.Extensions.Options;

namespace Bench.Functions.Jobs;

/// <summary>What to do with the message after an attempt.</summary>
internal enum MessageAction
{
    /// <summary>Done with it: the job finished (either way), or the message was a duplicate.</summary>
    Ack,

    /// <summary>A transient failure: after <see cref="AnalysisOutcome.Delay"/>, give it back for another attempt.</summary>
    Retry,

    /// <summary>The last attempt failed too: the job is failed, the message goes to the dead-letter queue.</summary>
    DeadLetter,

    /// <summary>Interrupted (shutdown): give it back at once; this was not the job's fault.</summary>
    Requeue,
}

/// <summary>The result of handling one message, with a line saying what happened.</summary>
internal sealed record AnalysisOutcome(MessageAction Action, string Summary, TimeSpan Delay = default);

/// <summary>
/// The analysis of one upload's queue message for the consumer: claims the upload it names, streams its
/// object to a temp file, and commits, in one transaction with the upload's success and the news to its
/// Slurm job: for a profile (.h5) <c>job_&lt;stem&gt;</c> and the <c>job_summaries</c> row; for counters (.csv)
/// the parsed counters. A failure reaches its Slurm job too. Either way the job's assembly is asked for
/// after the settle delay, and a profile stays in the object cache for it.
/// </summary>
internal sealed class ObjectAnalyzer(
    JobStore store,
    ObjectDownloader downloader,
    ObjectCache cache,
    AssemblyScheduler assemblies,
    IOptions<AssemblyOptions> assemblyOptions,
    PostgresResultSink results,
    IOptions<TariffOptions> tariffs,
    IOptions<JobOptions> jobOptions,
    IOptions<QueueOptions> queueOptions,
    JobMetrics metrics,
    ILogger<ObjectAnalyzer> logger)
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);

    /// <param name="message">The job message.</param>
    /// <param name="claimPatience">How long to keep trying to claim while the database is unreachable, holding the
    /// message (giving it back would count a delivery); <see cref="Timeout.InfiniteTimeSpan"/> until cancelled.</param>
    /// <param name="cancellationToken">Interrupts the attempt (shutdown); the job goes back to queued.</param>
    public async Task<AnalysisOutcome> RunAsync(JobMessage message, TimeSpan claimPatience, CancellationToken cancellationToken)
    {
        // Every line about this message, from the claim on, carries the job and its object.
        // Scopes stay in this process (the Functions host gets each line without them): messages name the key too.
        using var scope = logger.BeginScope("JobId:{JobId} ObjectKey:{ObjectKey}", message.JobId, message.Key);
        var token = Guid.NewGuid();
        var claim = await ClaimAsync(message, token, claimPatience, cancellationToken).ConfigureAwait(false);
        if (claim is null)
        {
            metrics.Retried();
            return new AnalysisOutcome(MessageAction.Retry, $"job {message.JobId}: the database is unavailable; retrying later");
        }

        switch (claim.Status)
        {
            case ClaimStatus.NotFound:
                logger.LogWarning("Job {JobId} does not exist; message for {ObjectKey} dropped", message.JobId, message.Key);
                return new AnalysisOutcome(MessageAction.Ack, $"job {message.JobId} does not exist; message dropped");
            case ClaimStatus.Finished:
                logger.LogInformation("Job {JobId} ({ObjectKey}) already {State}; duplicate message acknowledged", message.JobId, message.Key, claim.Job!.State);
                return new AnalysisOutcome(MessageAction.Ack, $"job {message.JobId} already {claim.Job.State}; duplicate message");
            case ClaimStatus.Busy:
                logger.LogInformation("Job {JobId} ({ObjectKey}) is running elsewhere under a live lease; duplicate message acknowledged", message.JobId, message.Key);
                return new AnalysisOutcome(MessageAction.Ack, $"job {message.JobId} is running elsewhere; duplicate message");
        }

        var job = claim.Job!;
        if (job.ObjectKey != message.Key)
        {
            // The row decides what is analysed; a message that disagrees was written by someone else.
            logger.LogWarning("Job {JobId}: the message names {MessageKey} but the job is for {ObjectKey}; analysing the job's object", job.Id, message.Key, job.ObjectKey);
        }

        metrics.Started();
        try
        {
            return await RunClaimedAsync(job, token, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            metrics.Ended();
        }
    }

    private async Task<AnalysisOutcome> RunClaimedAsync(AnalysisJob job, Guid token, CancellationToken cancellationToken)
    {
        var limit = queueOptions.Value.DeliveryLimit;
        if (job.Attempts > limit)
        {
            // Every earlier attempt lost its worker (crash, OOM kill): the object may be what kills it.
            return await FailAsync(job, token, $"gave up after {job.Attempts - 1} attempts; the last one ended with: {job.Error ?? "its worker lost"}", MessageAction.Ack).ConfigureAwait(false);
        }

        logger.LogInformation("Job {JobId} attempt {Attempt} of {Limit}: analysing s3://{Bucket}/{ObjectKey}", job.Id, job.Attempts, limit, job.Bucket, job.ObjectKey);
        using var work = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var heartbeat = new LeaseHeartbeat(store, job.Id, token, jobOptions.Value.Lease, work, logger);
        var watch = Stopwatch.StartNew();
        JobTempFiles? temp = null;
        var path = ObjectSources.LocalFileName(job.ObjectKey);
        UploadIdentity? identity = null;
        try
        {
            temp = JobTempFiles.Create(jobOptions.Value.TempDirectory, job.Id, token);
            path = Path.Combine(temp.Directory, path);
            var download = await downloader.DownloadAsync(job, path, work.Token).ConfigureAwait(false);
            var downloaded = watch.Elapsed;
            // The object's metadata (the client's benchmark, cluster) is authoritative; the event's or the name's was a guess.
            identity = UploadIdentity.Of(job.ObjectKey, download.Metadata);
            if (identity.Kind == UploadKinds.Perf)
            {
                var counters = LikwidCounters.From(LikwidCsvReader.ReadFile(path));
                var perfStatus = await store.SucceedPerfAsync(job.Id, token, identity, PerfJson.Serialize(counters), work.Token).ConfigureAwait(false);
                metrics.Succeeded();
                logger.LogInformation(
                    "Job {JobId} ({ObjectKey}) succeeded: counters of {Threads} hardware thread(s), {DpMflops} DP MFLOP/s, {SpMflops} SP MFLOP/s, run time {RuntimeS} s",
                    job.Id, job.ObjectKey, counters.HardwareThreads, counters.DpMflops, counters.SpMflops, counters.RuntimeS);
                AskForAssembly(perfStatus, job, identity);
                return new AnalysisOutcome(MessageAction.Ack, $"job {job.Id} ({job.ObjectKey}) succeeded in {watch.Elapsed.TotalSeconds:F2} s");
            }

            var target = new ResultTarget(job.Source, ObjectSources.FileName(job.ObjectKey), job.Owner);
            using var sink = new JobResultSink(results, job.Id, token, identity);
            // The pipeline is synchronous CPU and disk work: keep it off the caller's thread.
            var result = await Task.Run(
                () => FileAnalysis.RunAsync(path, tariffs.Value.Sources, sink, target, null, work.Token), work.Token).ConfigureAwait(false);
            metrics.Succeeded();
            logger.LogInformation(
                "Job {JobId} ({ObjectKey}) succeeded: {Bytes} bytes downloaded in {DownloadSeconds:F2} s, analysed in {AnalysisSeconds:F2} s, {Rows} timeline rows, {EnergyJ:F0} J",
                job.Id, job.ObjectKey, download.Bytes, downloaded.TotalSeconds, (watch.Elapsed - downloaded).TotalSeconds, result.TimelineRows, result.EnergyToSolutionJ);
            if (sink.SlurmJobStatusId is not null)
            {
                // Its Slurm job's assembly reads it again: keep it rather than download it once more.
                cache.Adopt(path, job.Bucket, job.ObjectKey, job.ETag);
            }

            AskForAssembly(sink.SlurmJobStatusId, job, identity);
            return new AnalysisOutcome(MessageAction.Ack, $"job {job.Id} ({job.ObjectKey}) succeeded in {watch.Elapsed.TotalSeconds:F2} s");
        }
        catch (JobClaimLostException)
        {
            logger.LogWarning("Job {JobId} ({ObjectKey}): this attempt lost its lease; another attempt owns the job and nothing was committed", job.Id, job.ObjectKey);
            return new AnalysisOutcome(MessageAction.Ack, $"job {job.Id}: attempt lost its lease; nothing committed");
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("Job {JobId} ({ObjectKey}): interrupted (shutting down); handing it back to the queue", job.Id, job.ObjectKey);
            await TryReleaseAsync(job, token, "interrupted by a worker shutdown; queued again").ConfigureAwait(false);
            return new AnalysisOutcome(MessageAction.Requeue, $"job {job.Id}: interrupted; queued again");
        }
        catch (OperationCanceledException) when (heartbeat.Lost)
        {
            logger.LogWarning("Job {JobId} ({ObjectKey}): the lease was lost mid-analysis; another attempt owns the job", job.Id, job.ObjectKey);
            return new AnalysisOutcome(MessageAction.Ack, $"job {job.Id}: lease lost; nothing committed");
        }
        catch (Exception e) when (JobFailures.IsPermanent(e))
        {
            return await FailAsync(job, token, JobFailures.Describe(e, job.ObjectKey, path), MessageAction.Ack, identity).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            var reason = JobFailures.Describe(e, job.ObjectKey, path);
            if (job.Attempts >= limit)
            {
                return await FailAsync(job, token, $"gave up after {job.Attempts} attempts; the last one failed with: {reason}", MessageAction.DeadLetter, identity).ConfigureAwait(false);
            }

            var delay = Backoff(job.Attempts);
            logger.LogWarning(e, "Job {JobId} ({ObjectKey}) attempt {Attempt} failed ({Reason}); retrying in {DelaySeconds} s", job.Id, job.ObjectKey, job.Attempts, reason, delay.TotalSeconds);
            metrics.Retried();
            await TryReleaseAsync(job, token, $"attempt {job.Attempts} failed: {reason}").ConfigureAwait(false);
            return new AnalysisOutcome(MessageAction.Retry, $"job {job.Id}: attempt {job.Attempts} failed ({reason}); retrying", delay);
        }
        finally
        {
            TryDelete(temp);
        }
    }

    private async Task<JobClaim?> ClaimAsync(JobMessage message, Guid token, TimeSpan patience, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await store.TryClaimAsync(message.JobId, token, jobOptions.Value.Lease, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException && e is not OutOfMemoryException)
            {
                var delay = Backoff(attempt);
                if (patience != Timeout.InfiniteTimeSpan && watch.Elapsed + delay > patience)
                {
                    logger.LogWarning("Job {JobId} ({ObjectKey}): cannot claim it ({Error}: {Message}); giving the message back", message.JobId, message.Key, e.GetType().Name, e.Message);
                    return null;
                }

                logger.LogWarning("Job {JobId} ({ObjectKey}): cannot claim it ({Error}: {Message}); trying again in {Seconds} s", message.JobId, message.Key, e.GetType().Name, e.Message, delay.TotalSeconds);
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>1, 2, 4, 8 ... seconds after attempt 1, 2, 3, 4 ..., at most 30.</summary>
    internal static TimeSpan Backoff(int attempt) =>
        TimeSpan.FromSeconds(Math.Min(MaxBackoff.TotalSeconds, Math.Pow(2, Math.Clamp(attempt - 1, 0, 10))));

    private async Task<AnalysisOutcome> FailAsync(AnalysisJob job, Guid token, string reason, MessageAction action, UploadIdentity? identity = null)
    {
        try
        {
            var (ended, status) = await store.FailAsync(job.Id, token, reason, identity, CancellationToken.None).ConfigureAwait(false);
            if (!ended)
            {
                return new AnalysisOutcome(MessageAction.Ack, $"job {job.Id}: attempt lost its lease before it could fail the job");
            }

            // A failed file changes its Slurm job too (uploads_failed; maybe no usable profile left).
            AskForAssembly(status, job, identity ?? job.Identity);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The job stays running under this lease; once it runs out, another attempt decides again.
            logger.LogWarning("Job {JobId} ({ObjectKey}): cannot record the failure ({Error}); retrying later", job.Id, job.ObjectKey, e.GetType().Name);
            return new AnalysisOutcome(MessageAction.Retry, $"job {job.Id}: database unavailable while failing it; retrying", Backoff(job.Attempts));
        }

        metrics.Failed();
        logger.LogWarning("Job {JobId} ({ObjectKey}) failed: {Reason}", job.Id, job.ObjectKey, reason);
        return new AnalysisOutcome(action, $"job {job.Id} ({job.ObjectKey}) failed: {reason}");
    }

    private async Task TryReleaseAsync(AnalysisJob job, Guid token, string reason)
    {
        try
        {
            await store.ReleaseAsync(job.Id, token, reason, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The lease runs out instead, and the redelivered message or the sweeper takes it from there.
            logger.LogWarning("Job {JobId} ({ObjectKey}): cannot hand it back ({Error}); its lease will run out", job.Id, job.ObjectKey, e.GetType().Name);
        }
    }

    private void AskForAssembly(Guid? statusId, AnalysisJob job, UploadIdentity identity)
    {
        if (statusId is { } id)
        {
            assemblies.Schedule(id, SlurmJobStatus.KeyOf(job.Owner, identity.Cluster, identity.SlurmJobId!), assemblyOptions.Value.Delay);
        }
    }

    private void TryDelete(JobTempFiles? temp)
    {
        try
        {
            temp?.Dispose();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            logger.LogWarning("Could not remove the temp directory {Directory}: {Message}", temp!.Directory, e.Message);
        }
    }
}
