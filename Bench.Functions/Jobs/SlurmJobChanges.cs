using Npgsql;

namespace Bench.Functions.Jobs;

/// <summary>
/// Change tokens of Slurm jobs (<c>GET /jobs?since=</c>). Every transaction that changes a
/// <c>slurm_job_status</c> row or writes a <c>slurm_job_deletions</c> tombstone calls <see cref="Take"/> (or
/// <see cref="TakeAsync"/>) before it draws its value from the <c>slurm_job_changes</c> sequence, and holds
/// the lock to commit: values then become visible in the order they were drawn, so a poller that has seen
/// value N can never later find a committed change below N. Readers of the safe position take it shared
/// (<see cref="TakeSharedAsync"/>), so they wait for writers that drew a value and have not committed.
/// </summary>
internal static class SlurmJobChanges
{
    /// <summary>Arbitrary constant shared by every Bench process: "bench" + "jchg" as bytes.</summary>
    public const long LockKey = 0x62656E63_6A636867;

    /// <summary>Takes the lock for a writer, held until <paramref name="transaction"/> ends.</summary>
    public static void Take(NpgsqlConnection connection, NpgsqlTransaction transaction)
    {
        using var command = Command("pg_advisory_xact_lock", connection, transaction);
        command.ExecuteNonQuery();
    }

    /// <summary>Takes the lock for a writer, held until <paramref name="transaction"/> ends.</summary>
    public static async Task TakeAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = Command("pg_advisory_xact_lock", connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Takes the lock shared, for a reader of the safe position, until <paramref name="transaction"/> ends.</summary>
    public static async Task TakeSharedAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = Command("pg_advisory_xact_lock_shared", connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static NpgsqlCommand Command(string function, NpgsqlConnection connection, NpgsqlTransaction transaction) =>
        new($"SELECT {function}({LockKey})", connection, transaction);
}
