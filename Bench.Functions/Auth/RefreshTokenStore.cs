using Npgsql;

namespace Bench.Functions.Auth;

/// <summary>What presenting a refresh token led to.</summary>
internal enum RotationOutcome
{
    Rotated,
    Unknown,
    Expired,
    Revoked,

    /// <summary>The token had already been rotated: its whole family is now revoked.</summary>
    ReuseDetected,
}

/// <summary>
/// Refresh tokens in PostgreSQL, stored only as hashes. Every use rotates the token; the row is locked
/// while it is rotated, so two concurrent uses of one token count as a reuse.
/// </summary>
internal sealed class RefreshTokenStore(NpgsqlDataSource dataSource, TimeProvider time)
{
    public async Task IssueAsync(Guid userId, Guid familyId, byte[] tokenHash, TimeSpan lifetime, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await InsertAsync(connection, null, Guid.CreateVersion7(), userId, familyId, tokenHash, time.GetUtcNow() + lifetime, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Marks the presented token used and stores its successor in one transaction.</summary>
    public async Task<(RotationOutcome Outcome, string? Username)> RotateAsync(byte[] presentedHash, byte[] successorHash, TimeSpan lifetime, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);

        Guid id, userId, familyId;
        string username;
        DateTimeOffset expiresAt;
        bool used, revoked;
        await using (var select = new NpgsqlCommand(
            """
            SELECT t.id, t.user_id, t.family_id, t.expires_at, t.used_at IS NOT NULL, t.revoked_at IS NOT NULL, u.username
            FROM refresh_tokens t JOIN users u ON u.id = t.user_id
            WHERE t.token_hash = $1 FOR UPDATE OF t
            """,
            connection, transaction))
        {
            select.Parameters.Add(new NpgsqlParameter { Value = presentedHash });
            await using var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                return (RotationOutcome.Unknown, null);
            }

            (id, userId, familyId) = (reader.GetGuid(0), reader.GetGuid(1), reader.GetGuid(2));
            expiresAt = reader.GetFieldValue<DateTimeOffset>(3);
            (used, revoked) = (reader.GetBoolean(4), reader.GetBoolean(5));
            username = reader.GetString(6);
        }

        var now = time.GetUtcNow();
        if (used)
        {
            await using var revoke = new NpgsqlCommand(
                "UPDATE refresh_tokens SET revoked_at = $2 WHERE family_id = $1 AND revoked_at IS NULL", connection, transaction);
            revoke.Parameters.Add(new NpgsqlParameter { Value = familyId });
            revoke.Parameters.Add(new NpgsqlParameter { Value = now });
            await revoke.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return (RotationOutcome.ReuseDetected, username);
        }

        if (revoked)
        {
            return (RotationOutcome.Revoked, username);
        }

        if (expiresAt <= now)
        {
            return (RotationOutcome.Expired, username);
        }

        var successorId = Guid.CreateVersion7();
        await InsertAsync(connection, transaction, successorId, userId, familyId, successorHash, now + lifetime, cancellationToken).ConfigureAwait(false);
        await using (var markUsed = new NpgsqlCommand(
            "UPDATE refresh_tokens SET used_at = $2, replaced_by = $3 WHERE id = $1", connection, transaction))
        {
            markUsed.Parameters.Add(new NpgsqlParameter { Value = id });
            markUsed.Parameters.Add(new NpgsqlParameter { Value = now });
            markUsed.Parameters.Add(new NpgsqlParameter { Value = successorId });
            await markUsed.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return (RotationOutcome.Rotated, username);
    }

    private static async Task InsertAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, Guid id, Guid userId, Guid familyId, byte[] tokenHash, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        await using var insert = new NpgsqlCommand(
            "INSERT INTO refresh_tokens (id, user_id, family_id, token_hash, expires_at) VALUES ($1, $2, $3, $4, $5)", connection, transaction);
        insert.Parameters.Add(new NpgsqlParameter { Value = id });
        insert.Parameters.Add(new NpgsqlParameter { Value = userId });
        insert.Parameters.Add(new NpgsqlParameter { Value = familyId });
        insert.Parameters.Add(new NpgsqlParameter { Value = tokenHash });
        insert.Parameters.Add(new NpgsqlParameter { Value = expiresAt });
        await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
