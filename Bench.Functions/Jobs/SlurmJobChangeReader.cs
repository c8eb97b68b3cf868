using Npgsql;

namespace Bench.Functions.Jobs;

/// <summary>What changed in an owner's Slurm jobs after a position, oldest change first.</summary>
internal sealed record SlurmJobChangeSet(IReadOnlyList<SlurmJobRecord> Jobs, IReadOnlyList<string> DeletedIds, long NextPosition);

/// <summary>
/// Reads change positions for <c>GET /jobs?since=</c>. Writers take <see cref="SlurmJobChanges.LockKey"/>
/// exclusively before drawing from <c>slurm_job_changes</c> and hold it to commit; taking it shared here
/// waits out every writer that has drawn a value, so every change up to the sequence's position read under
/// it is committed, and any later one draws a larger value: a poller never misses a late commit.
/// </summary>
internal sealed class SlurmJobChangeReader(NpgsqlDataSource dataSource)
{
    /// <summary>The highest position every change up to which is committed and visible.</summary>
    public async Task<long> SafePositionAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await SlurmJobChanges.TakeSharedAsync(connection, transaction, cancellationToken).ConfigureAwait(false);

        // last_value is the last value any session drew (nextval is not transactional); before the first, nothing.
        await using var read = new NpgsqlCommand("SELECT CASE WHEN is_called THEN last_value ELSE last_value - 1 END FROM slurm_job_changes", connection, transaction);
        var position = (long)(await read.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return position;
    }

    /// <summary>
    /// Up to <paramref name="limit"/> changes of <paramref name="owner"/> after <paramref name="after"/>, oldest
    /// first: jobs (at their latest change) and tombstones. When more remain, the next position is the last
    /// change returned; otherwise the safe position.
    /// </summary>
    public async Task<SlurmJobChangeSet> ChangesAsync(string owner, long after, int limit, TimeSpan settle, CancellationToken cancellationToken)
    {
        var upTo = await SafePositionAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var jobs = new List<SlurmJobRecord>();
        await using (var command = new NpgsqlCommand(
            $"""
            SELECT {SlurmJobRecord.Columns} FROM {SlurmJobRecord.From}
            WHERE s.owner = @owner AND s.change_seq > @after AND s.change_seq <= @upto
            ORDER BY s.change_seq LIMIT @limit
            """, connection))
        {
            AddRange(command, owner, after, upTo, limit);
            command.Parameters.AddWithValue("settle", settle);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                jobs.Add(SlurmJobRecord.Read(reader));
            }
        }

        var deleted = new List<(long Seq, string Id)>();
        await using (var command = new NpgsqlCommand(
            """
            SELECT change_seq, cluster, slurm_job_id FROM slurm_job_deletions
            WHERE owner = @owner AND change_seq > @after AND change_seq <= @upto
            ORDER BY change_seq LIMIT @limit
            """, connection))
        {
            AddRange(command, owner, after, upTo, limit);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                deleted.Add((reader.GetInt64(0), SlurmJobIds.Format(reader.GetString(2), reader.GetString(1))));
            }
        }

        // Merge both by position and cut at limit: what is cut comes back in the next poll.
        var merged = jobs.Select(j => (Seq: j.ChangeSeq, Job: (SlurmJobRecord?)j, Deleted: (string?)null))
            .Concat(deleted.Select(d => (d.Seq, Job: (SlurmJobRecord?)null, Deleted: (string?)d.Id)))
            .OrderBy(c => c.Seq)
            .ToList();
        var truncated = merged.Count > limit || jobs.Count == limit || deleted.Count == limit;
        var page = merged.Take(limit).ToList();
        var next = truncated && page.Count > 0 ? page[^1].Seq : upTo;
        return new SlurmJobChangeSet(
            [.. page.Where(c => c.Job is not null).Select(c => c.Job!)],
            [.. page.Where(c => c.Deleted is not null).Select(c => c.Deleted!)],
            Math.Max(next, after));
    }

    private static void AddRange(NpgsqlCommand command, string owner, long after, long upTo, int limit)
    {
        command.Parameters.AddWithValue("owner", owner);
        command.Parameters.AddWithValue("after", after);
        command.Parameters.AddWithValue("upto", upTo);
        command.Parameters.AddWithValue("limit", limit);
    }
}
