using Npgsql;
using NpgsqlTypes;

namespace Bench.Functions.Jobs;

/// <summary>
/// The <c>slurm_job_status</c> rows: uploads announce that they finished (generation + 1), an assembly claims
/// the job under a lease, and ends it (done, failed, or waiting for profiles) only while it still holds it.
/// Every visible change draws a change token under <see cref="SlurmJobChanges.Take"/> in its own transaction.
/// </summary>
internal sealed class SlurmJobStatusStore(NpgsqlDataSource dataSource)
{
    private const string Columns = "id, owner, cluster, slurm_job_id, job_key, benchmark, state, generation, analyzed_generation";

    /// <summary>
    /// Inside the transaction that ends an upload (success or failure): its job's row is created, or its
    /// generation bumped, files counted again and the benchmark filled in when newly known; the state goes
    /// to pending unless an assembly runs (which then sees the new generation). Null when the upload names no job.
    /// </summary>
    public static Guid? UploadFinished(NpgsqlConnection connection, NpgsqlTransaction transaction, string owner, UploadIdentity identity)
    {
        if (identity.SlurmJobId is not { } slurmJobId)
        {
            return null;
        }

        SlurmJobChanges.Take(connection, transaction);
        using var command = new NpgsqlCommand(
            """
            INSERT INTO slurm_job_status (id, owner, cluster, slurm_job_id, job_key, benchmark, files, last_file_at, updated_at)
            VALUES (@id, @owner, @cluster, @slurm_job_id, @job_key, @benchmark,
                    (SELECT count(DISTINCT object_key) FROM analysis_jobs WHERE owner = @owner AND cluster = @cluster AND slurm_job_id = @slurm_job_id),
                    clock_timestamp(), clock_timestamp())
            ON CONFLICT (owner, cluster, slurm_job_id) DO UPDATE SET
                generation = slurm_job_status.generation + 1,
                files = EXCLUDED.files,
                benchmark = coalesce(slurm_job_status.benchmark, EXCLUDED.benchmark),
                state = CASE WHEN slurm_job_status.state = 'running' THEN 'running' ELSE 'pending' END,
                last_file_at = EXCLUDED.last_file_at,
                updated_at = EXCLUDED.updated_at,
                change_seq = nextval('slurm_job_changes')
            RETURNING id
            """, connection, transaction);
        command.Parameters.AddWithValue("id", Guid.CreateVersion7());
        command.Parameters.AddWithValue("owner", owner);
        command.Parameters.AddWithValue("cluster", identity.Cluster);
        command.Parameters.AddWithValue("slurm_job_id", slurmJobId);
        command.Parameters.AddWithValue("job_key", SlurmJobStatus.KeyOf(owner, identity.Cluster, slurmJobId));
        command.Parameters.Add(new NpgsqlParameter("benchmark", NpgsqlDbType.Text) { Value = (object?)identity.Benchmark ?? DBNull.Value });
        return (Guid)command.ExecuteScalar()!;
    }

    /// <summary>
    /// Starts an assembly of the job under <paramref name="token"/> when its figures lag its files, no live
    /// lease is held, its last file landed at least <paramref name="settle"/> ago and none of its uploads is
    /// still being analysed. Records the run in <c>slurm_job_assemblies</c>.
    /// </summary>
    public async Task<AssemblyClaim> TryClaimAsync(Guid id, Guid token, TimeSpan lease, TimeSpan settle, string worker, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        SlurmJobStatus job;
        await using (var look = new NpgsqlCommand(
            $"""
            SELECT {Columns},
                   state = 'running' AND lease_until > now() AS busy,
                   greatest(extract(epoch FROM last_file_at + @settle - now()), 0)::float8 AS settle_left,
                   EXISTS (SELECT 1 FROM analysis_jobs a
                           WHERE a.owner = s.owner AND a.cluster IN (s.cluster, '') AND a.slurm_job_id = s.slurm_job_id
                             AND a.state IN ('queued', 'running')) AS uploads_unfinished
            FROM slurm_job_status s WHERE id = @id
            """, connection))
        {
            look.Parameters.AddWithValue("id", id);
            look.Parameters.AddWithValue("settle", settle);
            await using var reader = await look.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                return new AssemblyClaim(AssemblyClaimStatus.NotFound, null);
            }

            job = Read(reader);
            if (job.AnalyzedGeneration >= job.Generation)
            {
                return new AssemblyClaim(AssemblyClaimStatus.UpToDate, job);
            }

            if (reader.GetBoolean(9))
            {
                return new AssemblyClaim(AssemblyClaimStatus.Busy, job);
            }

            if (reader.GetDouble(10) > 0)
            {
                return new AssemblyClaim(AssemblyClaimStatus.Settling, job, TimeSpan.FromSeconds(reader.GetDouble(10)));
            }

            if (reader.GetBoolean(11))
            {
                return new AssemblyClaim(AssemblyClaimStatus.WaitingForUploads, job);
            }
        }

        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await SlurmJobChanges.TakeAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        await using (var claim = new NpgsqlCommand(
            $"""
            UPDATE slurm_job_status
            SET state = 'running', attempt_token = @token, lease_until = now() + @lease, error = NULL,
                updated_at = clock_timestamp(), change_seq = nextval('slurm_job_changes')
            WHERE id = @id AND analyzed_generation < generation AND (state <> 'running' OR lease_until < now())
              AND last_file_at <= now() - @settle
            RETURNING {Columns}
            """, connection, transaction))
        {
            claim.Parameters.AddWithValue("id", id);
            claim.Parameters.AddWithValue("token", token);
            claim.Parameters.AddWithValue("lease", lease);
            claim.Parameters.AddWithValue("settle", settle);
            await using var reader = await claim.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                // Claimed (or a file landed) since the look: whoever did so carries on.
                return new AssemblyClaim(AssemblyClaimStatus.Busy, job);
            }

            job = Read(reader);
        }

        await using (var run = new NpgsqlCommand(
            "INSERT INTO slurm_job_assemblies (id, job_id, generation, worker) VALUES (@token, @id, @generation, @worker)", connection, transaction))
        {
            run.Parameters.AddWithValue("token", token);
            run.Parameters.AddWithValue("id", id);
            run.Parameters.AddWithValue("generation", job.Generation);
            run.Parameters.AddWithValue("worker", worker);
            await run.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return new AssemblyClaim(AssemblyClaimStatus.Claimed, job);
    }

    /// <summary>Extends the assembly's lease; false when it no longer holds the job. Not a visible change: no token.</summary>
    public async Task<bool> RenewLeaseAsync(Guid id, Guid token, TimeSpan lease, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "UPDATE slurm_job_status SET lease_until = now() + @lease WHERE id = @id AND state = 'running' AND attempt_token = @token");
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("token", token);
        command.Parameters.AddWithValue("lease", lease);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    /// <summary>The latest succeeded version of each object of the job, profiles and counter files.</summary>
    public async Task<IReadOnlyList<AssemblyUpload>> SucceededUploadsAsync(SlurmJobStatus job, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            SELECT DISTINCT ON (bucket, object_key) id, bucket, object_key, etag, kind, table_name, perf::text
            FROM analysis_jobs
            WHERE owner = @owner AND cluster = @cluster AND slurm_job_id = @slurm_job_id AND state = 'succeeded'
            ORDER BY bucket, object_key, finished_at DESC
            """);
        command.Parameters.AddWithValue("owner", job.Owner);
        command.Parameters.AddWithValue("cluster", job.Cluster);
        command.Parameters.AddWithValue("slurm_job_id", job.SlurmJobId);
        var uploads = new List<AssemblyUpload>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            uploads.Add(new AssemblyUpload(
                reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4),
                reader.IsDBNull(5) ? null : reader.GetString(5), reader.IsDBNull(6) ? null : reader.GetString(6)));
        }

        return uploads;
    }

    /// <summary>How many of the job's uploads failed, and the first reason, for a job with no usable file.</summary>
    public async Task<(int Count, string? FirstError)> FailedUploadsAsync(SlurmJobStatus job, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            SELECT count(*)::int, (array_agg(object_key || ': ' || coalesce(error, 'failed') ORDER BY finished_at))[1]
            FROM analysis_jobs
            WHERE owner = @owner AND cluster = @cluster AND slurm_job_id = @slurm_job_id AND state = 'failed'
            """);
        command.Parameters.AddWithValue("owner", job.Owner);
        command.Parameters.AddWithValue("cluster", job.Cluster);
        command.Parameters.AddWithValue("slurm_job_id", job.SlurmJobId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        return (reader.GetInt32(0), reader.IsDBNull(1) ? null : reader.GetString(1));
    }

    /// <summary>
    /// Inside the transaction that writes the job's figures: done (pending when files landed meanwhile: the
    /// figures lag, another assembly follows) at the generation the run started from, if this run still
    /// holds the job; otherwise throws <see cref="JobClaimLostException"/> and everything rolls back.
    /// Returns the job's generation now.
    /// </summary>
    public static long MarkAssembled(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid id, Guid token, long generation, string pipelineVersion)
    {
        SlurmJobChanges.Take(connection, transaction);
        using var command = new NpgsqlCommand(
            """
            UPDATE slurm_job_status
            SET state = CASE WHEN generation > @generation THEN 'pending' ELSE 'done' END,
                analyzed_generation = @generation, analyses = analyses + 1, pipeline_version = @version, error = NULL,
                attempt_token = NULL, lease_until = NULL, analyzed_at = clock_timestamp(), updated_at = clock_timestamp(),
                change_seq = nextval('slurm_job_changes')
            WHERE id = @id AND state = 'running' AND attempt_token = @token
            RETURNING generation
            """, connection, transaction);
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("token", token);
        command.Parameters.AddWithValue("generation", generation);
        command.Parameters.AddWithValue("version", pipelineVersion);
        if (command.ExecuteScalar() is not long now)
        {
            throw new JobClaimLostException(id);
        }

        EndRun(connection, transaction, token, "done");
        return now;
    }

    /// <summary>
    /// Ends the run without figures: <c>failed</c> or <c>pending</c> (waiting for profiles) at
    /// <paramref name="generation"/>, with <paramref name="error"/>; false when the run no longer held the job.
    /// Returns the job's generation now (a file may have landed meanwhile).
    /// </summary>
    public async Task<long?> EndWithoutFiguresAsync(Guid id, Guid token, long generation, string state, string outcome, string error, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await SlurmJobChanges.TakeAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(
            """
            UPDATE slurm_job_status
            SET state = CASE WHEN generation > @generation THEN 'pending' ELSE @state END,
                analyzed_generation = @generation, error = @error, attempt_token = NULL, lease_until = NULL,
                updated_at = clock_timestamp(), change_seq = nextval('slurm_job_changes')
            WHERE id = @id AND state = 'running' AND attempt_token = @token
            RETURNING generation
            """, connection, transaction);
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("token", token);
        command.Parameters.AddWithValue("generation", generation);
        command.Parameters.AddWithValue("state", state);
        command.Parameters.AddWithValue("error", error);
        if (await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not long now)
        {
            return null;
        }

        EndRun(connection, transaction, token, outcome);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return now;
    }

    /// <summary>Gives the job back after a transient failure (pending, the reason kept); the next message or the sweeper tries again.</summary>
    public async Task ReleaseAsync(Guid id, Guid token, string error, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await SlurmJobChanges.TakeAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(
            """
            UPDATE slurm_job_status
            SET state = 'pending', error = @error, attempt_token = NULL, lease_until = NULL,
                updated_at = clock_timestamp(), change_seq = nextval('slurm_job_changes')
            WHERE id = @id AND state = 'running' AND attempt_token = @token
            """, connection, transaction);
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("token", token);
        command.Parameters.AddWithValue("error", error);
        if (await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1)
        {
            EndRun(connection, transaction, token, "released");
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// For the sweeper: jobs whose figures lag their files with no live lease, untouched for
    /// <paramref name="stale"/> (their message or the worker that had it was lost).
    /// </summary>
    public async Task<IReadOnlyList<(Guid Id, string JobKey)>> LaggingAsync(TimeSpan stale, int limit, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            SELECT id, job_key FROM slurm_job_status
            WHERE (analyzed_generation < generation OR state = 'running')
              AND (lease_until IS NULL OR lease_until < now())
              AND updated_at < now() - @stale
            ORDER BY updated_at
            LIMIT @limit
            """);
        command.Parameters.AddWithValue("stale", stale);
        command.Parameters.AddWithValue("limit", limit);
        var jobs = new List<(Guid, string)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            jobs.Add((reader.GetGuid(0), reader.GetString(1)));
        }

        return jobs;
    }

    private static void EndRun(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid token, string outcome)
    {
        using var command = new NpgsqlCommand(
            "UPDATE slurm_job_assemblies SET finished_at = clock_timestamp(), outcome = @outcome WHERE id = @token", connection, transaction);
        command.Parameters.AddWithValue("token", token);
        command.Parameters.AddWithValue("outcome", outcome);
        command.ExecuteNonQuery();
    }

    private static SlurmJobStatus Read(NpgsqlDataReader r) => new(
        r.GetGuid(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4),
        r.IsDBNull(5) ? null : r.GetString(5), r.GetString(6), r.GetInt64(7), r.GetInt64(8));
}
