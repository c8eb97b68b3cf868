using Bench.Functions.Jobs;
using Bench.Functions.Tests.Infrastructure;
using Npgsql;

namespace Bench.Functions.Tests.Jobs;

/// <summary>The change lock against PostgreSQL: a writer's lock excludes readers until its transaction ends; readers share it.</summary>
public sealed class SlurmJobChangesTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    [Fact]
    public async Task AWritersLockHoldsReadersOffUntilItsTransactionEnds()
    {
        await using var writer = await postgres.OpenConnectionAsync();
        await using var other = await postgres.OpenConnectionAsync();
        await using (var transaction = await writer.BeginTransactionAsync())
        {
            await SlurmJobChanges.TakeAsync(writer, transaction, CancellationToken.None);
            Assert.False(await TryLockAsync(other, "pg_try_advisory_xact_lock_shared"));
        }

        // Rolled back: released with the transaction, not with the session.
        Assert.True(await TryLockAsync(other, "pg_try_advisory_xact_lock_shared"));
        await using (var transaction = await writer.BeginTransactionAsync())
        {
            SlurmJobChanges.Take(writer, transaction);
            Assert.False(await TryLockAsync(other, "pg_try_advisory_xact_lock"));
            await transaction.CommitAsync();
        }

        Assert.True(await TryLockAsync(other, "pg_try_advisory_xact_lock"));
    }

    [Fact]
    public async Task ReadersShareTheLockAndHoldAWriterOff()
    {
        await using var reader = await postgres.OpenConnectionAsync();
        await using var other = await postgres.OpenConnectionAsync();
        await using var transaction = await reader.BeginTransactionAsync();
        await SlurmJobChanges.TakeSharedAsync(reader, transaction, CancellationToken.None);
        Assert.True(await TryLockAsync(other, "pg_try_advisory_xact_lock_shared"));
        Assert.False(await TryLockAsync(other, "pg_try_advisory_xact_lock"));
    }

    /// <summary>Tries <paramref name="function"/> on the change lock's key in a transaction of its own (released at once).</summary>
    private static async Task<bool> TryLockAsync(NpgsqlConnection connection, string function)
    {
        await using var transaction = await connection.BeginTransactionAsync();
        await using var command = new NpgsqlCommand($"SELECT {function}({SlurmJobChanges.LockKey})", connection, transaction);
        var taken = (bool)(await command.ExecuteScalarAsync())!;
        await transaction.RollbackAsync();
        return taken;
    }
}
