using Bench.Functions.Queue;
using Npgsql;
using NpgsqlTypes;

namespace Bench.Functions.Jobs;

/// <summary>Which stored uploads to analyse again: every one, a user's, or one Slurm job of a user.</summary>
/// <param name="Owner">The user; null for every user.</param>
/// <param name="Cluster">With <paramref name="SlurmJobId"/>: the job's cluster ("" when the uploads named none).</param>
/// <param name="SlurmJobId">One Slurm job of <paramref name="Owner"/>; null for all of them.</param>
internal sealed record ReanalyzeScope(string? Owner, string Cluster = "", string? SlurmJobId = null)
{
    public static ReanalyzeScope All { get; } = new(Owner: null);
}

/// <summary>What a reanalysis queued.</summary>
/// <param name="Queued">Finished uploads set back to queued.</param>
/// <param name="Published">Of those, messages the broker confirmed (the sweeper publishes the rest).</param>
/// <param name="InProgress">Uploads in scope still queued or running, left as they are (they will be analysed anyway).</param>
internal sealed record ReanalyzeReport(int Queued, int Published, int InProgress)
{
    public override string ToString() =>
        $"reanalyze: {Queued} upload(s) queued again, {Published} published, {Queued - Published} not confirmed (the sweeper publishes them); " +
        $"{InProgress} already queued or running, left as they are";
}

/// <summary>
/// <c>reanalyze</c>: sets finished uploads (succeeded or failed; the newest version of each object only)
/// back to queued with origin <c>reanalyze</c>, attempts 0 and no error, and publishes them, so the
/// current pipeline produces their results again (and the assembly their Slurm jobs').
/// </summary>
internal sealed class ReanalyzeService(NpgsqlDataSource dataSource, JobStore store, JobPublisher publisher, ILogger<ReanalyzeService> logger)
{
    private const int PublishBatch = 500;

    // The scope's rows: an owner (usernames are unique regardless of case) or all, one job of the owner or all,
    // and only each object's newest version.
    private const string InScope =
        """
        (@owner::text IS NULL OR lower(j.owner) = lower(@owner))
        AND (@job::text IS NULL OR (j.cluster = @cluster AND j.slurm_job_id = @job))
        AND NOT EXISTS (SELECT 1 FROM analysis_jobs n
                        WHERE n.bucket = j.bucket AND n.object_key = j.object_key AND n.created_at > j.created_at)
        """;

    public async Task<ReanalyzeReport> RunAsync(ReanalyzeScope scope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var queued = new List<JobMessage>();
        await using (var update = new NpgsqlCommand(
            $"""
            UPDATE analysis_jobs j
            SET state = 'queued', origin = '{JobOrigins.Reanalyze}', attempts = 0, error = NULL, queued_at = now(), published_at = NULL,
                started_at = NULL, finished_at = NULL, attempt_token = NULL, lease_until = NULL
            WHERE j.state IN ('succeeded', 'failed') AND {InScope}
            RETURNING j.id, j.bucket, j.object_key, j.etag
            """, connection))
        {
            AddScope(update, scope);
            await using var reader = await update.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                queued.Add(new JobMessage(reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetString(3)));
            }
        }

        int inProgress;
        await using (var count = new NpgsqlCommand($"SELECT count(*)::int FROM analysis_jobs j WHERE j.state IN ('queued', 'running') AND {InScope}", connection))
        {
            AddScope(count, scope);
            inProgress = (int)(await count.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))! - queued.Count;
        }

        var published = 0;
        foreach (var batch in queued.Chunk(PublishBatch))
        {
            var confirmed = await publisher.PublishAsync(batch, cancellationToken).ConfigureAwait(false);
            await store.MarkPublishedAsync(confirmed, cancellationToken).ConfigureAwait(false);
            published += confirmed.Count;
        }

        logger.LogInformation(
            "Reanalyze ({Owner}{Job}): {Queued} upload(s) queued again, {Published} published, {InProgress} already in progress",
            scope.Owner ?? "every user", scope.SlurmJobId is null ? "" : $", Slurm job {scope.SlurmJobId}@{scope.Cluster}", queued.Count, published, inProgress);
        return new ReanalyzeReport(queued.Count, published, inProgress);
    }

    private static void AddScope(NpgsqlCommand command, ReanalyzeScope scope)
    {
        command.Parameters.Add(new NpgsqlParameter("owner", NpgsqlDbType.Text) { Value = (object?)scope.Owner ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("job", NpgsqlDbType.Text) { Value = (object?)scope.SlurmJobId ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("cluster", NpgsqlDbType.Text) { Value = scope.Cluster });
    }
}
