using System.Diagnostics;
using Bench.Functions.Options;
using Bench.Functions.Queue;
using Bench.Pipeline.Jobs;
using Bench.Pipeline.Perf;
using Bench.Pipeline.Sinks;
using Bench.Pipeline.Sinks.Postgres;
using Microsoft.Extensions.Options;

namespace Bench.Functions.Jobs;

/// <summary>
/// The assembly of one Slurm job for the consumer: claims the job's lease (never two at once; a busy,
/// settling or up-to-date job's message is acknowledged), analyses ALL its succeeded profiles as one job
/// (each node's steps merged and counted once) with its counter files combined, and commits
/// <c>slurm_jobs</c>, <c>slurm_job_&lt;id&gt;</c> and the job's status in one transaction. When files landed
/// during the run it asks for another run after the settle delay.
/// </summary>
internal sealed class SlurmJobAssembler(
    SlurmJobStatusStore statuses,
    ObjectCache cache,
    Npgsql.NpgsqlDataSource dataSource,
    PostgresResultSink results,
    AssemblyScheduler scheduler,
    IOptions<TariffOptions> tariffs,
    IOptions<JobOptions> jobOptions,
    IOptions<AssemblyOptions> assemblyOptions,
    ILogger<SlurmJobAssembler> logger)
{
    /// <summary>What a job of counter files only waits for.</summary>
    public const string WaitingForProfiles = "waiting for profiles";

    private static readonly string Worker = $"{Environment.MachineName}:{Environment.ProcessId}";

    public async Task<AnalysisOutcome> RunAsync(JobMessage message, CancellationToken cancellationToken)
    {
        using var scope = logger.BeginScope("SlurmJob:{JobKey}", message.Key);
        var token = Guid.NewGuid();
        var delay = assemblyOptions.Value.Delay;
        AssemblyClaim claim;
        try
        {
            claim = await statuses.TryClaimAsync(message.JobId, token, jobOptions.Value.Lease, delay, Worker, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException && e is not OutOfMemoryException)
        {
            logger.LogWarning("Slurm job {JobKey}: cannot claim it ({Error}: {Message}); retrying later", message.Key, e.GetType().Name, e.Message);
            return new AnalysisOutcome(MessageAction.Retry, $"Slurm job {message.Key}: database unavailable; retrying", ObjectAnalyzer.Backoff(2));
        }

        switch (claim.Status)
        {
            case AssemblyClaimStatus.Claimed:
                return await RunClaimedAsync(claim.Job!, token, cancellationToken).ConfigureAwait(false);
            case AssemblyClaimStatus.Settling:
                scheduler.Schedule(claim.Job!.Id, claim.Job.JobKey, claim.Wait);
                return new AnalysisOutcome(MessageAction.Ack, $"Slurm job {message.Key}: a file landed less than {delay.TotalSeconds} s ago; asked again in {claim.Wait.TotalSeconds:F1} s");
            default:
                logger.LogDebug("Slurm job {JobKey}: {Status}; message acknowledged", message.Key, claim.Status);
                return new AnalysisOutcome(MessageAction.Ack, $"Slurm job {message.Key}: {claim.Status}; message acknowledged");
        }
    }

    private async Task<AnalysisOutcome> RunClaimedAsync(SlurmJobStatus job, Guid token, CancellationToken cancellationToken)
    {
        var lease = jobOptions.Value.Lease;
        using var work = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var heartbeat = new LeaseHeartbeat(job.Id, lease, ct => statuses.RenewLeaseAsync(job.Id, token, lease, ct), work, logger);
        var watch = Stopwatch.StartNew();
        JobTempFiles? temp = null;
        try
        {
            var uploads = await statuses.SucceededUploadsAsync(job, work.Token).ConfigureAwait(false);
            var profiles = uploads.Where(u => u.Kind == UploadKinds.Profile).ToList();
            var counters = uploads.Where(u => u.Kind == UploadKinds.Perf && u.PerfJson is not null).Select(u => PerfJson.Deserialize(u.PerfJson!)).ToList();
            if (profiles.Count == 0)
            {
                return await EndWithoutFiguresAsync(job, token, counters.Count, work.Token).ConfigureAwait(false);
            }

            var perf = counters.Count == 0 ? null : PerfCounters.Combine(counters);
            if (profiles is [{ TableName: not null } only]
                && await SingleFileJob.CommitAsync(dataSource, job, token, only, perf, work.Token).ConfigureAwait(false) is { } generation)
            {
                // One file: its own analysis already has the job's figures; no download, no second analysis.
                logger.LogInformation("Slurm job {JobKey} is its one file {ObjectKey}: figures taken from its analysis at generation {Generation}", job.JobKey, only.ObjectKey, job.Generation);
                AgainIfMoreArrived(job, generation);
                return new AnalysisOutcome(MessageAction.Ack, $"Slurm job {job.JobKey}: one file, its figures taken over in {watch.Elapsed.TotalSeconds:F2} s");
            }

            // Downloads go to the object cache; a scratch directory only when it is off.
            temp = cache.Enabled ? null : JobTempFiles.Create(jobOptions.Value.TempDirectory, job.Id, token);
            var files = new List<(AssemblyUpload Upload, string Path)>();
            var warnings = new List<string>();
            int downloaded = 0;
            foreach (var upload in profiles)
            {
                try
                {
                    var (path, fetched) = await cache.GetAsync(upload, temp?.Directory ?? "", work.Token).ConfigureAwait(false);
                    files.Add((upload, path));
                    downloaded += fetched ? 1 : 0;
                }
                catch (ObjectUnavailableException e)
                {
                    // Replaced or deleted since its analysis: the newer version's own end (or the deletion) assembles again.
                    warnings.Add($"{upload.ObjectKey} left out: {e.Message}");
                }
            }

            if (files.Count == 0)
            {
                return await EndAsync(job, token, SlurmJobStates.Failed, "failed", $"no usable profile: {string.Join("; ", warnings)}", work.Token).ConfigureAwait(false);
            }

            var jobFiles = JobFiles.Of(job.SlurmJobId, files.Select(f => SlurmJobFile.Of(f.Path)));
            var sources = jobFiles.Files.Select(f => files.First(x => x.Path == f.Path).Upload.Source).ToArray();
            var target = new JobResultTarget(
                job.JobKey,
                job.SlurmJobId,
                job.Owner,
                sources,
                SharedTimelineTable: files.Count == 1 ? files[0].Upload.TableName : null,
                Cluster: job.Cluster,
                Benchmark: job.Benchmark,
                Perf: perf);
            long generationNow = job.Generation;
            using var sink = new AssemblyResultSink(results, (connection, transaction, nodes) =>
            {
                // The series is stored with the figures it belongs to: the same transaction, under the lease.
                JobSeriesStore.Replace(connection, transaction, job.JobKey, nodes);
                generationNow = SlurmJobStatusStore.MarkAssembled(connection, transaction, job.Id, token, job.Generation, ResultProvenance.PipelineVersion);
            });
            // The pipeline is synchronous CPU and disk work: keep it off the caller's thread.
            var outcome = await Task.Run(
                () => JobAnalysis.RunAsync(jobFiles, tariffs.Value.Sources, sink, target, null, warnings, work.Token), work.Token).ConfigureAwait(false);
            logger.LogInformation(
                "Slurm job {JobKey} assembled from {Files} profile(s) ({Downloaded} downloaded) and {Counters} counter file(s) at generation {Generation} in {Seconds:F2} s: {EnergyJ:F0} J",
                job.JobKey, files.Count, downloaded, counters.Count, job.Generation, watch.Elapsed.TotalSeconds, outcome.Result.EnergyToSolutionJ);
            AgainIfMoreArrived(job, generationNow);
            return new AnalysisOutcome(MessageAction.Ack, $"Slurm job {job.JobKey} assembled from {files.Count} file(s) in {watch.Elapsed.TotalSeconds:F2} s");
        }
        catch (JobClaimLostException)
        {
            logger.LogWarning("Slurm job {JobKey}: this assembly lost its lease; nothing was committed", job.JobKey);
            return new AnalysisOutcome(MessageAction.Ack, $"Slurm job {job.JobKey}: lease lost; nothing committed");
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await TryReleaseAsync(job, token, "interrupted by a worker shutdown; assembled again later").ConfigureAwait(false);
            return new AnalysisOutcome(MessageAction.Requeue, $"Slurm job {job.JobKey}: interrupted; queued again");
        }
        catch (OperationCanceledException) when (heartbeat.Lost)
        {
            return new AnalysisOutcome(MessageAction.Ack, $"Slurm job {job.JobKey}: lease lost; nothing committed");
        }
        catch (Exception e) when (JobFailures.IsPermanent(e) || e is ArgumentException)
        {
            // The pipeline names the local files it read; users know them by their names.
            var reason = e.Message.Replace(temp?.Directory ?? assemblyOptions.Value.CacheDirectory, "", StringComparison.Ordinal);
            return await EndAsync(job, token, SlurmJobStates.Failed, "failed", reason, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            logger.LogWarning(e, "Slurm job {JobKey}: assembly failed ({Error}); retrying later", job.JobKey, e.GetType().Name);
            await TryReleaseAsync(job, token, $"assembly failed: {e.GetType().Name}: {e.Message}").ConfigureAwait(false);
            return new AnalysisOutcome(MessageAction.Retry, $"Slurm job {job.JobKey}: assembly failed ({e.GetType().Name}); retrying", ObjectAnalyzer.Backoff(3));
        }
        finally
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

    /// <summary>No profile succeeded: waiting for profiles when counters did, else failed with the uploads' reasons.</summary>
    private async Task<AnalysisOutcome> EndWithoutFiguresAsync(SlurmJobStatus job, Guid token, int counterFiles, CancellationToken cancellationToken)
    {
        var (failed, first) = await statuses.FailedUploadsAsync(job, cancellationToken).ConfigureAwait(false);
        if (counterFiles > 0)
        {
            var why = $"{WaitingForProfiles}: {counterFiles} counter file(s) and no analysed profile yet" + (failed > 0 ? $"; {failed} upload(s) failed, the first: {first}" : "");
            return await EndAsync(job, token, SlurmJobStates.Pending, "waiting", why, cancellationToken).ConfigureAwait(false);
        }

        return await EndAsync(job, token, SlurmJobStates.Failed, "failed", $"no usable profile: {failed} upload(s) failed, the first: {first ?? "(none)"}", cancellationToken).ConfigureAwait(false);
    }

    private async Task<AnalysisOutcome> EndAsync(SlurmJobStatus job, Guid token, string state, string outcome, string reason, CancellationToken cancellationToken)
    {
        var now = await statuses.EndWithoutFiguresAsync(job.Id, token, job.Generation, state, outcome, reason, cancellationToken).ConfigureAwait(false);
        if (now is null)
        {
            return new AnalysisOutcome(MessageAction.Ack, $"Slurm job {job.JobKey}: lease lost before it could end");
        }

        logger.LogWarning("Slurm job {JobKey} {State}: {Reason}", job.JobKey, state, reason);
        AgainIfMoreArrived(job, now.Value);
        return new AnalysisOutcome(MessageAction.Ack, $"Slurm job {job.JobKey} {state}: {reason}");
    }

    private void AgainIfMoreArrived(SlurmJobStatus job, long generationNow)
    {
        if (generationNow > job.Generation)
        {
            logger.LogInformation("Slurm job {JobKey}: {Count} file event(s) arrived during the assembly; assembling again", job.JobKey, generationNow - job.Generation);
            scheduler.Schedule(job.Id, job.JobKey, assemblyOptions.Value.Delay);
        }
    }

    private async Task TryReleaseAsync(SlurmJobStatus job, Guid token, string reason)
    {
        try
        {
            await statuses.ReleaseAsync(job.Id, token, reason, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The lease runs out instead, and the sweeper asks again.
            logger.LogWarning("Slurm job {JobKey}: cannot hand it back ({Error}); its lease will run out", job.JobKey, e.GetType().Name);
        }
    }
}
