using Npgsql;

namespace Bench.Functions.Jobs;

/// <summary>A job whose message has to go (again) to the queue.</summary>
internal sealed record PendingJob(Guid Id, string Bucket, string ObjectKey, string ETag);

/// <summary>
/// The queries of the sweeper: running jobs whose worker stopped renewing its lease go back to queued,
/// and queued jobs that were never published, or published long ago, are due for a new message.
/// </summary>
internal sealed class JobRecovery(NpgsqlDataSource dataSource)
{
    /// <summary>How long a freshly recorded job may stay unpublished before the sweeper publishes it (the webhook normally does within milliseconds).</summary>
    public static readonly TimeSpan UnpublishedGrace = TimeSpan.FromSeconds(10);

    /// <summary>Puts running jobs with an expired lease back to queued and returns them.</summary>
    public async Task<IReadOnlyList<PendingJob>> ReclaimExpiredAsync(int limit, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            UPDATE analysis_jobs j
            SET state = 'queued', attempt_token = NULL, lease_until = NULL, queued_at = now(),
                error = 'attempt ' || j.attempts || ' stopped renewing its lease (worker lost); the job was queued again'
            WHERE j.id IN (
                SELECT id FROM analysis_jobs
                WHERE state = 'running' AND lease_until < now()
                ORDER BY lease_until
                LIMIT @limit
                FOR UPDATE SKIP LOCKED)
            RETURNING j.id, j.bucket, j.object_key, j.etag
            """);
        command.Parameters.AddWithValue("limit", limit);
        return await ReadAsync(command, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Queued jobs never published (past a grace) or published more than <paramref name="stale"/> ago, oldest first.</summary>
    public async Task<IReadOnlyList<PendingJob>> DueForPublishAsync(TimeSpan stale, int limit, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            SELECT id, bucket, object_key, etag FROM analysis_jobs
            WHERE state = 'queued'
              AND ((published_at IS NULL AND queued_at < now() - @grace) OR published_at < now() - @stale)
            ORDER BY queued_at
            LIMIT @limit
            """);
        command.Parameters.AddWithValue("grace", UnpublishedGrace);
        command.Parameters.AddWithValue("stale", stale);
        command.Parameters.AddWithValue("limit", limit);
        return await ReadAsync(command, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<IReadOnlyList<PendingJob>> ReadAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var jobs = new List<PendingJob>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            jobs.Add(new PendingJob(reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetString(3)));
        }

        return jobs;
    }
}
