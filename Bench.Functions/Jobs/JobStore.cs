using Npgsql;
using NpgsqlTypes;

namespace Bench.Functions.Jobs;

/// <summary>What trying to claim a job found.</summary>
internal enum ClaimStatus
{
    /// <summary>The job is now running under the caller's attempt token.</summary>
    Claimed,

    /// <summary>No such job (the message outlived its row).</summary>
    NotFound,

    /// <summary>Another attempt holds a live lease; if its worker dies, the lease runs out and the sweeper hands the job on.</summary>
    Busy,

    /// <summary>Already succeeded or failed: the message was a duplicate.</summary>
    Finished,
}

/// <summary>The outcome of <see cref="JobStore.TryClaimAsync"/>; <see cref="Job"/> is set unless NotFound.</summary>
internal sealed record JobClaim(ClaimStatus Status, AnalysisJob? Job);

/// <summary>
/// The <c>analysis_jobs</c> table: recording object versions, claiming a job for one attempt, and finishing
/// it. Every state change after the claim is conditional on the attempt token, so an attempt that lost
/// its lease changes nothing.
/// </summary>
internal sealed class JobStore(NpgsqlDataSource dataSource)
{
    internal const string Columns =
        "id, bucket, object_key, etag, version_id, size_bytes, owner, origin, state, attempts, error, table_name, " +
        "event_time, created_at, queued_at, published_at, started_at, finished_at, kind, cluster, slurm_job_id, benchmark";

    /// <summary>
    /// Inserts a queued job for each object version that has none, queues again a finished one whose version
    /// was uploaded anew (see <see cref="RecordOutcome.Requeued"/>), and returns every version's job.
    /// Versions are deduplicated first, so a batch may repeat one. One round trip when nothing was
    /// superseded and no concurrent insert raced ours.
    /// </summary>
    public async Task<IReadOnlyList<RecordedJob>> RecordAsync(IReadOnlyList<ObjectVersion> objects, string origin, CancellationToken cancellationToken)
    {
        var unique = objects.DistinctBy(o => (o.Bucket, o.Key, o.ETag)).ToList();
        if (unique.Count == 0)
        {
            return [];
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var created = new Dictionary<(string, string, string), (Guid Id, string State)>();
        var existing = new Dictionary<(string, string, string), (Guid Id, string State)>();
        // The insert and the existing jobs in one statement: the outer SELECT reads the snapshot taken before
        // the insert, so it returns the jobs committed before it and never the ones this statement inserts.
        await using (var record = new NpgsqlCommand(
            """
            WITH x AS (
                SELECT * FROM unnest(@ids, @buckets, @keys, @etags, @versions, @sizes, @owners, @times, @kinds, @clusters, @slurm_job_ids, @benchmarks)
                    AS x(i, b, k, e, v, s, o, t, kd, c, sj, bm)
            ), inserted AS (
                INSERT INTO analysis_jobs (id, bucket, object_key, etag, version_id, size_bytes, owner, origin, event_time, kind, cluster, slurm_job_id, benchmark)
                SELECT i, b, k, e, v, s, o, @origin, t, kd, c, sj, bm FROM x
                ON CONFLICT (bucket, object_key, etag) DO NOTHING
                RETURNING id, bucket, object_key, etag, state
            )
            SELECT id, bucket, object_key, etag, state, true FROM inserted
            UNION ALL
            SELECT j.id, j.bucket, j.object_key, j.etag, j.state, false
            FROM x JOIN analysis_jobs j ON j.bucket = x.b AND j.object_key = x.k AND j.etag = x.e
            """, connection))
        {
            record.Parameters.AddWithValue("origin", origin);
            record.Parameters.AddWithValue("ids", unique.Select(_ => Guid.CreateVersion7()).ToArray());
            record.Parameters.AddWithValue("buckets", unique.Select(o => o.Bucket).ToArray());
            record.Parameters.AddWithValue("keys", unique.Select(o => o.Key).ToArray());
            record.Parameters.AddWithValue("etags", unique.Select(o => o.ETag).ToArray());
            record.Parameters.Add(new NpgsqlParameter("versions", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = unique.Select(o => (object?)o.VersionId ?? DBNull.Value).ToArray() });
            record.Parameters.Add(new NpgsqlParameter("sizes", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = unique.Select(o => (object?)o.SizeBytes ?? DBNull.Value).ToArray() });
            record.Parameters.AddWithValue("owners", unique.Select(o => o.Owner).ToArray());
            record.Parameters.Add(new NpgsqlParameter("times", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz) { Value = unique.Select(o => (object?)o.EventTime?.ToUniversalTime() ?? DBNull.Value).ToArray() });
            var identities = unique.Select(o => o.IdentityOrFromName).ToArray();
            record.Parameters.AddWithValue("kinds", identities.Select(i => i.Kind).ToArray());
            record.Parameters.AddWithValue("clusters", identities.Select(i => i.Cluster).ToArray());
            record.Parameters.Add(new NpgsqlParameter("slurm_job_ids", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = identities.Select(i => (object?)i.SlurmJobId ?? DBNull.Value).ToArray() });
            record.Parameters.Add(new NpgsqlParameter("benchmarks", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = identities.Select(i => (object?)i.Benchmark ?? DBNull.Value).ToArray() });
            // Prepared once per pooled connection (Npgsql keeps it across pool returns): the server skips parsing and planning.
            await record.PrepareAsync(cancellationToken).ConfigureAwait(false);
            await using var reader = await record.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                (reader.GetBoolean(5) ? created : existing)[(reader.GetString(1), reader.GetString(2), reader.GetString(3))] = (reader.GetGuid(0), reader.GetString(4));
            }
        }

        var missing = unique.Where(o => !created.ContainsKey((o.Bucket, o.Key, o.ETag)) && !existing.ContainsKey((o.Bucket, o.Key, o.ETag))).ToList();
        if (missing.Count > 0)
        {
            // Rows a concurrent insert committed after our snapshot (ours waited on them, then skipped):
            // a new statement sees them.
            await using var select = new NpgsqlCommand(
                """
                SELECT j.id, j.bucket, j.object_key, j.etag, j.state
                FROM unnest(@buckets, @keys, @etags) AS x(b, k, e)
                JOIN analysis_jobs j ON j.bucket = x.b AND j.object_key = x.k AND j.etag = x.e
                """, connection);
            select.Parameters.AddWithValue("buckets", missing.Select(o => o.Bucket).ToArray());
            select.Parameters.AddWithValue("keys", missing.Select(o => o.Key).ToArray());
            select.Parameters.AddWithValue("etags", missing.Select(o => o.ETag).ToArray());
            await using var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                existing[(reader.GetString(1), reader.GetString(2), reader.GetString(3))] = (reader.GetGuid(0), reader.GetString(4));
            }
        }

        var requeued = await RequeueSupersededAsync(connection, [.. existing.Values.Where(j => JobStates.IsFinished(j.State)).Select(j => j.Id)], cancellationToken).ConfigureAwait(false);
        var recorded = new List<RecordedJob>(unique.Count);
        foreach (var o in unique)
        {
            if (created.TryGetValue((o.Bucket, o.Key, o.ETag), out var job))
            {
                recorded.Add(new RecordedJob(job.Id, o, job.State, RecordOutcome.Created));
            }
            else if (existing.TryGetValue((o.Bucket, o.Key, o.ETag), out job))
            {
                recorded.Add(requeued.Contains(job.Id)
                    ? new RecordedJob(job.Id, o, JobStates.Queued, RecordOutcome.Requeued)
                    : new RecordedJob(job.Id, o, job.State, RecordOutcome.Existing));
            }
        }

        return recorded;
    }

    /// <summary>
    /// Of these finished jobs, queues again those after which another ETag of the same key succeeded: their
    /// version was uploaded again, and the key's tables hold the other version's results. Attempts start
    /// over: it is a new upload.
    /// </summary>
    private static async Task<HashSet<Guid>> RequeueSupersededAsync(NpgsqlConnection connection, Guid[] finished, CancellationToken cancellationToken)
    {
        if (finished.Length == 0)
        {
            return [];
        }

        await using var command = new NpgsqlCommand(
            """
            UPDATE analysis_jobs j
            SET state = 'queued', attempts = 0, error = NULL, queued_at = now(), published_at = NULL, started_at = NULL, finished_at = NULL
            WHERE j.id = ANY(@ids) AND j.state IN ('succeeded', 'failed')
              AND EXISTS (SELECT 1 FROM analysis_jobs n
                          WHERE n.bucket = j.bucket AND n.object_key = j.object_key AND n.etag <> j.etag
                            AND n.state = 'succeeded' AND n.finished_at > j.finished_at)
            RETURNING j.id
            """, connection);
        command.Parameters.AddWithValue("ids", finished);
        var ids = new HashSet<Guid>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            ids.Add(reader.GetGuid(0));
        }

        return ids;
    }

    /// <summary>Notes that these jobs' messages were confirmed by the broker.</summary>
    public async Task MarkPublishedAsync(IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken)
    {
        if (ids.Count == 0)
        {
            return;
        }

        await using var command = dataSource.CreateCommand(
            "UPDATE analysis_jobs SET published_at = now(), publish_count = publish_count + 1 WHERE id = ANY(@ids)");
        command.Parameters.AddWithValue("ids", ids.ToArray());
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Makes the job running under <paramref name="token"/> when it is queued, or running with a lease that
    /// ran out (its worker is presumed dead). Counts the attempt.
    /// </summary>
    public async Task<JobClaim> TryClaimAsync(Guid id, Guid token, TimeSpan lease, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (var claim = new NpgsqlCommand(
            $"""
            UPDATE analysis_jobs
            SET state = 'running', attempt_token = @token, attempts = attempts + 1, started_at = now(),
                lease_until = now() + @lease, finished_at = NULL
            WHERE id = @id AND (state = 'queued' OR (state = 'running' AND lease_until < now()))
            RETURNING {Columns}
            """, connection))
        {
            claim.Parameters.AddWithValue("id", id);
            claim.Parameters.AddWithValue("token", token);
            claim.Parameters.AddWithValue("lease", lease);
            await using var reader = await claim.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                return new JobClaim(ClaimStatus.Claimed, Read(reader));
            }
        }

        await using var select = new NpgsqlCommand($"SELECT {Columns} FROM analysis_jobs WHERE id = @id", connection);
        select.Parameters.AddWithValue("id", id);
        await using (var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                return new JobClaim(ClaimStatus.NotFound, null);
            }

            var job = Read(reader);
            return new JobClaim(JobStates.IsFinished(job.State) ? ClaimStatus.Finished : ClaimStatus.Busy, job);
        }
    }

    /// <summary>Extends the lease of the caller's attempt; false when the attempt no longer holds the job.</summary>
    public async Task<bool> RenewLeaseAsync(Guid id, Guid token, TimeSpan lease, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "UPDATE analysis_jobs SET lease_until = now() + @lease WHERE id = @id AND state = 'running' AND attempt_token = @token");
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("token", token);
        command.Parameters.AddWithValue("lease", lease);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    /// <summary>
    /// Inside the transaction that writes the results: the job succeeded, if this attempt still holds it,
    /// with the identity its object's metadata gave; its Slurm job (when it names one) learns of it in the
    /// same transaction (see <see cref="SlurmJobStatusStore.UploadFinished"/>), whose id is returned.
    /// (finished_at is the clock, not now(): the transaction began before the analysis did.)
    /// Otherwise throws <see cref="JobClaimLostException"/>, and the results roll back with it.
    /// </summary>
    public static Guid? MarkSucceeded(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid id, Guid token, string? tableName, UploadIdentity identity, string? perfJson = null)
    {
        using var command = new NpgsqlCommand(
            """
            UPDATE analysis_jobs
            SET state = 'succeeded', table_name = @table, error = NULL, finished_at = clock_timestamp(), attempt_token = NULL, lease_until = NULL,
                kind = @kind, cluster = @cluster, slurm_job_id = @slurm_job_id, benchmark = @benchmark, perf = @perf::jsonb
            WHERE id = @id AND state = 'running' AND attempt_token = @token
            RETURNING owner
            """, connection, transaction);
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("token", token);
        command.Parameters.Add(new NpgsqlParameter("table", NpgsqlDbType.Text) { Value = (object?)tableName ?? DBNull.Value });
        AddIdentity(command, identity);
        command.Parameters.Add(new NpgsqlParameter("perf", NpgsqlDbType.Text) { Value = (object?)perfJson ?? DBNull.Value });
        if (command.ExecuteScalar() is not string owner)
        {
            throw new JobClaimLostException(id);
        }

        return SlurmJobStatusStore.UploadFinished(connection, transaction, owner, identity);
    }

    /// <summary>A performance-counter upload succeeded: its parsed counters stored, its Slurm job told, in one transaction.</summary>
    public async Task<Guid?> SucceedPerfAsync(Guid id, Guid token, UploadIdentity identity, string perfJson, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var status = MarkSucceeded(connection, transaction, id, token, null, identity, perfJson);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return status;
    }

    /// <summary>
    /// The attempt ends the job as failed with <paramref name="error"/>, and its Slurm job (when it names one)
    /// learns of it in the same transaction. Ended is false when the attempt no longer held the job.
    /// </summary>
    /// <param name="identity">What the object's metadata said, when it was read; null keeps what the row holds.</param>
    public async Task<(bool Ended, Guid? SlurmJobStatusId)> FailAsync(Guid id, Guid token, string error, UploadIdentity? identity, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        UploadIdentity finished;
        string owner;
        await using (var command = new NpgsqlCommand(
            """
            UPDATE analysis_jobs
            SET state = 'failed', error = @error, finished_at = now(), attempt_token = NULL, lease_until = NULL,
                kind = coalesce(@kind, kind), cluster = coalesce(@cluster, cluster),
                slurm_job_id = CASE WHEN @kind IS NULL THEN slurm_job_id ELSE @slurm_job_id END,
                benchmark = CASE WHEN @kind IS NULL THEN benchmark ELSE @benchmark END
            WHERE id = @id AND state = 'running' AND attempt_token = @token
            RETURNING owner, kind, slurm_job_id, benchmark, cluster
            """, connection, transaction))
        {
            command.Parameters.AddWithValue("id", id);
            command.Parameters.AddWithValue("token", token);
            command.Parameters.AddWithValue("error", error);
            AddIdentity(command, identity);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                return (false, null);
            }

            owner = reader.GetString(0);
            finished = new UploadIdentity(reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3), reader.GetString(4));
        }

        var status = SlurmJobStatusStore.UploadFinished(connection, transaction, owner, finished);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return (true, status);
    }

    private static void AddIdentity(NpgsqlCommand command, UploadIdentity? identity)
    {
        command.Parameters.Add(new NpgsqlParameter("kind", NpgsqlDbType.Text) { Value = (object?)identity?.Kind ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("cluster", NpgsqlDbType.Text) { Value = (object?)identity?.Cluster ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("slurm_job_id", NpgsqlDbType.Text) { Value = (object?)identity?.SlurmJobId ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("benchmark", NpgsqlDbType.Text) { Value = (object?)identity?.Benchmark ?? DBNull.Value });
    }

    /// <summary>The attempt gives the job back to the queue (a retry follows); false when it no longer held it.</summary>
    public Task<bool> ReleaseAsync(Guid id, Guid token, string error, CancellationToken cancellationToken) =>
        EndAttemptAsync(
            "state = 'queued', error = @error, queued_at = now(), published_at = now(), attempt_token = NULL, lease_until = NULL",
            id, token, error, cancellationToken);

    /// <summary>One job of <paramref name="owner"/>, or null (another user's job is as good as missing).</summary>
    public async Task<AnalysisJob?> GetAsync(Guid id, string owner, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"SELECT {Columns} FROM analysis_jobs WHERE id = @id AND owner = @owner");
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("owner", owner);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? Read(reader) : null;
    }

    /// <summary>Up to <paramref name="limit"/> jobs of <paramref name="owner"/>, newest first, after the cursor position.</summary>
    public async Task<IReadOnlyList<AnalysisJob>> ListAsync(string owner, int limit, JobCursor? after, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            $"""
            SELECT {Columns} FROM analysis_jobs
            WHERE owner = @owner AND (@after_time::timestamptz IS NULL OR (created_at, id) < (@after_time, @after_id))
            ORDER BY created_at DESC, id DESC
            LIMIT @limit
            """);
        command.Parameters.AddWithValue("owner", owner);
        command.Parameters.Add(new NpgsqlParameter("after_time", NpgsqlDbType.TimestampTz) { Value = (object?)after?.CreatedAt ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("after_id", NpgsqlDbType.Uuid) { Value = (object?)after?.Id ?? DBNull.Value });
        command.Parameters.AddWithValue("limit", limit);
        var jobs = new List<AnalysisJob>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            jobs.Add(Read(reader));
        }

        return jobs;
    }

    /// <summary>Reads a row selected with <see cref="Columns"/>.</summary>
    internal static AnalysisJob Read(NpgsqlDataReader r) => new()
    {
        Id = r.GetGuid(0),
        Bucket = r.GetString(1),
        ObjectKey = r.GetString(2),
        ETag = r.GetString(3),
        VersionId = r.IsDBNull(4) ? null : r.GetString(4),
        SizeBytes = r.IsDBNull(5) ? null : r.GetInt64(5),
        Owner = r.GetString(6),
        Origin = r.GetString(7),
        State = r.GetString(8),
        Attempts = r.GetInt32(9),
        Error = r.IsDBNull(10) ? null : r.GetString(10),
        TableName = r.IsDBNull(11) ? null : r.GetString(11),
        EventTime = Time(r, 12),
        CreatedAt = Time(r, 13)!.Value,
        QueuedAt = Time(r, 14)!.Value,
        PublishedAt = Time(r, 15),
        StartedAt = Time(r, 16),
        FinishedAt = Time(r, 17),
        Kind = r.GetString(18),
        Cluster = r.GetString(19),
        SlurmJobId = r.IsDBNull(20) ? null : r.GetString(20),
        Benchmark = r.IsDBNull(21) ? null : r.GetString(21),
    };

    private static DateTimeOffset? Time(NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : r.GetFieldValue<DateTimeOffset>(i);

    private async Task<bool> EndAttemptAsync(string set, Guid id, Guid token, string error, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            $"UPDATE analysis_jobs SET {set} WHERE id = @id AND state = 'running' AND attempt_token = @token");
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("token", token);
        command.Parameters.AddWithValue("error", error);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }
}

/// <summary>The attempt no longer holds its job (its lease ran out and another attempt claimed it).</summary>
internal sealed class JobClaimLostException(Guid jobId)
    : InvalidOperationException($"Job {jobId} is no longer held by this attempt; its results were not committed.")
{
    public Guid JobId { get; } = jobId;
}
