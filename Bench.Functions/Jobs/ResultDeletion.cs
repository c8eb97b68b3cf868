using System.Net;
using Amazon.S3;
using Amazon.S3.Model;
using Bench.Functions.Queue;
using Bench.Functions.Storage;
using Bench.Pipeline.Sinks;
using Npgsql;

namespace Bench.Functions.Jobs;

/// <summary>
/// Removes a caller's Slurm job or object with everything derived from it. Objects go first: once they are
/// gone nothing can bring the results back (the nightly rescan, a redelivered event), and a crash before the
/// database step leaves rows that a retry finds and removes. The database step is one transaction (tables,
/// rows, status and tombstone together), so it happens entirely or not at all.
/// </summary>
internal sealed class ResultDeletion(NpgsqlDataSource dataSource, S3Clients clients, AssemblyScheduler assemblies)
{
    /// <summary>Deletes the job, its uploads' objects and results; false when the owner has no such job.</summary>
    public async Task<bool> DeleteJobAsync(string owner, string cluster, string slurmJobId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var uploads = await UploadsAsync(connection, null, "owner = @owner AND cluster = @cluster AND slurm_job_id = @sjid", c => Bind(c, owner, cluster, slurmJobId), cancellationToken).ConfigureAwait(false);
        var key = SlurmJobIds.Key(owner, cluster, slurmJobId);
        await using (var exists = new NpgsqlCommand(
            $"SELECT EXISTS (SELECT 1 FROM slurm_job_status WHERE owner = @owner AND cluster = @cluster AND slurm_job_id = @sjid) OR EXISTS (SELECT 1 FROM {ResultSchema.JobSummaryTable} WHERE job_key = @key)", connection))
        {
            Bind(exists, owner, cluster, slurmJobId);
            exists.Parameters.AddWithValue("key", key);
            if (uploads.Count == 0 && !(bool)(await exists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!)
            {
                return false;
            }
        }

        foreach (var (bucket, objectKey) in uploads.Select(u => (u.Bucket, u.Key)).Distinct())
        {
            await clients.Service.DeleteObjectAsync(bucket, objectKey, cancellationToken).ConfigureAwait(false);
        }

        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await RemoveUploadsAsync(connection, transaction, uploads, cancellationToken).ConfigureAwait(false);
        await RemoveJobAsync(connection, transaction, owner, cluster, slurmJobId, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>
    /// Deletes one object of the owner and its uploads' results; its Slurm job is assembled again without it
    /// (generation bumped), or removed when the object was its last file. False when neither the object nor
    /// any upload of it exists.
    /// </summary>
    public async Task<bool> DeleteObjectAsync(string owner, string bucket, string objectKey, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var uploads = await UploadsAsync(connection, null, "owner = @owner AND bucket = @bucket AND object_key = @key", c =>
        {
            c.Parameters.AddWithValue("owner", owner);
            c.Parameters.AddWithValue("bucket", bucket);
            c.Parameters.AddWithValue("key", objectKey);
        }, cancellationToken).ConfigureAwait(false);
        if (!await ObjectExistsAsync(bucket, objectKey, cancellationToken).ConfigureAwait(false) && uploads.Count == 0)
        {
            return false;
        }

        await clients.Service.DeleteObjectAsync(bucket, objectKey, cancellationToken).ConfigureAwait(false);

        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await RemoveUploadsAsync(connection, transaction, uploads, cancellationToken).ConfigureAwait(false);
        var reassemble = new List<(Guid Id, string JobKey)>();
        foreach (var (cluster, slurmJobId) in uploads.Where(u => u.SlurmJobId is not null).Select(u => (u.Cluster, u.SlurmJobId!)).Distinct())
        {
            await using var remaining = new NpgsqlCommand(
                "SELECT count(DISTINCT object_key)::int FROM analysis_jobs WHERE owner = @owner AND cluster = @cluster AND slurm_job_id = @sjid", connection, transaction);
            Bind(remaining, owner, cluster, slurmJobId);
            var files = (int)(await remaining.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
            if (files == 0)
            {
                await RemoveJobAsync(connection, transaction, owner, cluster, slurmJobId, cancellationToken).ConfigureAwait(false);
                continue;
            }

            await SlurmJobChanges.TakeAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
            // A running assembly keeps its lease and sees the new generation when it finishes ("again if more arrived").
            await using var bump = new NpgsqlCommand(
                """
                UPDATE slurm_job_status
                SET generation = generation + 1, files = @files, updated_at = now(), change_seq = nextval('slurm_job_changes'),
                    state = CASE WHEN state = 'running' THEN 'running' ELSE 'pending' END
                WHERE owner = @owner AND cluster = @cluster AND slurm_job_id = @sjid
                RETURNING id, job_key
                """, connection, transaction);
            Bind(bump, owner, cluster, slurmJobId);
            bump.Parameters.AddWithValue("files", files);
            await using var reader = await bump.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                reassemble.Add((reader.GetGuid(0), reader.GetString(1)));
            }
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);

        // Committed: ask for the assembly without the removed file now (the sweeper would, later, if this is lost).
        foreach (var (id, jobKey) in reassemble)
        {
            assemblies.Schedule(id, jobKey, TimeSpan.Zero);
        }

        return true;
    }

    private sealed record Upload(string Bucket, string Key, string Cluster, string? SlurmJobId, string? TableName);

    private async Task<bool> ObjectExistsAsync(string bucket, string key, CancellationToken cancellationToken)
    {
        try
        {
            await clients.Service.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = bucket, Key = key }, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
    }

    private static async Task<List<Upload>> UploadsAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string where, Action<NpgsqlCommand> bind, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"SELECT bucket, object_key, cluster, slurm_job_id, table_name FROM analysis_jobs WHERE {where}", connection, transaction);
        bind(command);
        var uploads = new List<Upload>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            uploads.Add(new Upload(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3), reader.IsDBNull(4) ? null : reader.GetString(4)));
        }

        return uploads;
    }

    /// <summary>The uploads' job_&lt;stem&gt; tables, job_summaries rows and analysis_jobs rows.</summary>
    private static async Task RemoveUploadsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, List<Upload> uploads, CancellationToken cancellationToken)
    {
        foreach (var table in uploads.Select(u => u.TableName).OfType<string>().Distinct())
        {
            await DropAsync(connection, transaction, table, cancellationToken).ConfigureAwait(false);
        }

        var objects = uploads.Select(u => (u.Bucket, u.Key)).Distinct().ToArray();
        await using var command = new NpgsqlCommand(
            $"""
            DELETE FROM {ResultSchema.SummaryTable} WHERE source = ANY(@sources);
            DELETE FROM analysis_jobs a USING unnest(@buckets, @keys) AS x(b, k) WHERE a.bucket = x.b AND a.object_key = x.k;
            """, connection, transaction);
        command.Parameters.AddWithValue("sources", objects.Select(o => ObjectSources.Of(o.Bucket, o.Key)).ToArray());
        command.Parameters.AddWithValue("buckets", objects.Select(o => o.Bucket).ToArray());
        command.Parameters.AddWithValue("keys", objects.Select(o => o.Key).ToArray());
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The job's slurm_jobs row and timeline table, its status row, and a tombstone for ?since= pollers.</summary>
    private static async Task RemoveJobAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string owner, string cluster, string slurmJobId, CancellationToken cancellationToken)
    {
        var key = SlurmJobIds.Key(owner, cluster, slurmJobId);
        await using (var row = new NpgsqlCommand($"DELETE FROM {ResultSchema.JobSummaryTable} WHERE job_key = @key RETURNING table_name", connection, transaction))
        {
            row.Parameters.AddWithValue("key", key);
            // Only the job's own timeline: a job_<stem> table it shared belongs to an upload, removed with it or kept with it.
            if (await row.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is string table && table.StartsWith(TableNames.JobPrefix, StringComparison.Ordinal))
            {
                await DropAsync(connection, transaction, table, cancellationToken).ConfigureAwait(false);
            }
        }

        await JobSeriesStore.RemoveAsync(connection, transaction, key, cancellationToken).ConfigureAwait(false);
        await SlurmJobChanges.TakeAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        await using var status = new NpgsqlCommand(
            """
            WITH gone AS (DELETE FROM slurm_job_status WHERE owner = @owner AND cluster = @cluster AND slurm_job_id = @sjid RETURNING 1)
            INSERT INTO slurm_job_deletions (owner, cluster, slurm_job_id) VALUES (@owner, @cluster, @sjid)
            """, connection, transaction);
        Bind(status, owner, cluster, slurmJobId);
        await status.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task DropAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string table, CancellationToken cancellationToken)
    {
        // Table names come from our own rows and are quoted.
        await using var command = new NpgsqlCommand($"DROP TABLE IF EXISTS {SqlDialect.Quote(table)}", connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static void Bind(NpgsqlCommand command, string owner, string cluster, string slurmJobId)
    {
        command.Parameters.AddWithValue("owner", owner);
        command.Parameters.AddWithValue("cluster", cluster);
        command.Parameters.AddWithValue("sjid", slurmJobId);
    }
}
