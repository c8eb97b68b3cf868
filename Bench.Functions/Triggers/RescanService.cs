using System.Diagnostics;
using Amazon.S3.Model;
using Bench.Functions.Jobs;
using Bench.Functions.Options;
using Bench.Functions.Queue;
using Bench.Functions.Storage;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Bench.Functions.Triggers;

/// <summary>What one rescan found and did.</summary>
public sealed record RescanReport(int Listed, int Candidates, int Enqueued, int Known, int Skipped, int Reclaimed, int Republished, int PublishFailures, double Seconds)
{
    public override string ToString() =>
        $"rescan: {Listed} object(s) listed, {Candidates} analysable, {Enqueued} new job(s) queued, {Known} already had a job, " +
        $"{Skipped} skipped; {Reclaimed} lost job(s) reclaimed, {Republished} message(s) published again, {PublishFailures} not confirmed; {Seconds:F1} s";
}

/// <summary>
/// NightlyRescan: lists the bucket under MINIO_OBJECT_PREFIX and records an upload for every <c>.h5</c> and
/// <c>.csv</c> object version that has none (listings carry no metadata: the analysis reads it) (an event that never came), then sweeps (stale queued jobs are published again).
/// One runner at a time across replicas, through a PostgreSQL advisory lock.
/// </summary>
internal sealed class RescanService(
    S3Clients clients,
    IOptions<StorageOptions> storage,
    JobStore store,
    JobPublisher publisher,
    JobSweeper sweeper,
    JobMetrics metrics,
    NpgsqlDataSource dataSource,
    ILogger<RescanService> logger)
{
    /// <summary>"bench" + "scan" as bytes: shared by every Bench process.</summary>
    internal const long AdvisoryLockKey = 0x62656E63_7363616E;

    /// <summary>Runs a rescan unless another process is running one; null when it is.</summary>
    public async Task<RescanReport?> RunExclusiveAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (var tryLock = new NpgsqlCommand($"SELECT pg_try_advisory_lock({AdvisoryLockKey})", connection))
        {
            if (!(bool)(await tryLock.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!)
            {
                logger.LogInformation("Rescan skipped: another process holds the rescan lock");
                return null;
            }
        }

        try
        {
            return await RunAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            try
            {
                await using var unlock = new NpgsqlCommand($"SELECT pg_advisory_unlock({AdvisoryLockKey})", connection);
                await unlock.ExecuteScalarAsync(CancellationToken.None).ConfigureAwait(false);
            }
            catch (NpgsqlException e)
            {
                // The session ends with the connection, and the lock with it.
                logger.LogDebug(e, "Releasing the rescan lock failed");
            }
        }
    }

    private async Task<RescanReport> RunAsync(CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        var options = storage.Value;
        int listed = 0, candidates = 0, enqueued = 0, known = 0, skipped = 0, publishFailures = 0;
        var request = new ListObjectsV2Request
        {
            BucketName = options.Bucket,
            Prefix = options.ObjectPrefix.Length == 0 ? null : options.ObjectPrefix + "/",
            MaxKeys = 1000,
        };
        ListObjectsV2Response page;
        do
        {
            page = await clients.Service.ListObjectsV2Async(request, cancellationToken).ConfigureAwait(false);
            var objects = page.S3Objects ?? [];
            listed += objects.Count;
            var versions = new List<ObjectVersion>();
            foreach (var o in objects)
            {
                var owner = ObjectSources.OwnerOf(o.Key, options.ObjectPrefix, out _);
                if (owner is null || string.IsNullOrEmpty(o.ETag))
                {
                    skipped++;
                    continue;
                }

                versions.Add(new ObjectVersion(options.Bucket, o.Key, ObjectSources.NormalizeETag(o.ETag), owner, SizeBytes: o.Size));
            }

            candidates += versions.Count;
            var recorded = await store.RecordAsync(versions, JobOrigins.Rescan, cancellationToken).ConfigureAwait(false);
            var created = recorded.Where(r => r.Queued).ToList();
            foreach (var job in created)
            {
                logger.LogInformation(
                    job.Outcome == RecordOutcome.Created
                        ? "Rescan: job {JobId} queued for {ObjectKey} (ETag {ETag}): no event had announced it"
                        : "Rescan: job {JobId} queued again for {ObjectKey} (ETag {ETag}): the key holds this version again, its tables another's",
                    job.Id, job.Object.Key, job.Object.ETag);
            }

            var published = await publisher.PublishAsync([.. created.Select(r => new JobMessage(r.Id, r.Object.Bucket, r.Object.Key, r.Object.ETag))], cancellationToken).ConfigureAwait(false);
            await store.MarkPublishedAsync(published, cancellationToken).ConfigureAwait(false);
            enqueued += created.Count;
            known += recorded.Count - created.Count;
            publishFailures += created.Count - published.Count;
            metrics.Accepted(created.Count);
            request.ContinuationToken = page.NextContinuationToken;
        }
        while (page.IsTruncated == true);

        var sweep = await sweeper.SweepAsync(cancellationToken).ConfigureAwait(false);
        var report = new RescanReport(listed, candidates, enqueued, known, skipped, sweep.Reclaimed, sweep.Republished, publishFailures + sweep.PublishFailures, watch.Elapsed.TotalSeconds);
        logger.LogInformation(
            "Rescan of s3://{Bucket}/{Prefix}: {Listed} listed, {Candidates} analysable, {Enqueued} queued, {Known} known, {Skipped} skipped, {Reclaimed} reclaimed, {Republished} republished, {PublishFailures} not confirmed in {Seconds:F1} s",
            options.Bucket, options.ObjectPrefix, report.Listed, report.Candidates, report.Enqueued, report.Known, report.Skipped, report.Reclaimed, report.Republished, report.PublishFailures, report.Seconds);
        return report;
    }
}
