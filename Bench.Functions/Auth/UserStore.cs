using Npgsql;

namespace Bench.Functions.Auth;

/// <summary>A stored account; the wire never sees it.</summary>
internal sealed record UserRecord(Guid Id, string Username, string PasswordHash);

/// <summary>Users in PostgreSQL; usernames are unique regardless of case (username_lower).</summary>
internal sealed class UserStore(NpgsqlDataSource dataSource)
{
    /// <summary>Creates the user; null when the name is taken (in any letter case).</summary>
    public async Task<UserRecord?> CreateAsync(string username, string passwordHash, CancellationToken cancellationToken)
    {
        var user = new UserRecord(Guid.CreateVersion7(), username, passwordHash);
        await using var command = dataSource.CreateCommand(
            "INSERT INTO users (id, username, username_lower, password_hash) VALUES ($1, $2, $3, $4) ON CONFLICT (username_lower) DO NOTHING");
        command.Parameters.Add(new NpgsqlParameter { Value = user.Id });
        command.Parameters.Add(new NpgsqlParameter { Value = username });
        command.Parameters.Add(new NpgsqlParameter { Value = username.ToLowerInvariant() });
        command.Parameters.Add(new NpgsqlParameter { Value = passwordHash });
        var inserted = await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return inserted == 1 ? user : null;
    }

    public async Task<UserRecord?> FindAsync(string username, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT id, username, password_hash FROM users WHERE username_lower = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = username.ToLowerInvariant() });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
            ? new UserRecord(reader.GetGuid(0), reader.GetString(1), reader.GetString(2))
            : null;
    }

    /// <summary>Replaces the password hash only while it is still <paramref name="expected"/>; false when it no longer was.</summary>
    public async Task<bool> ReplacePasswordHashAsync(Guid id, string expected, string replacement, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("UPDATE users SET password_hash = $3 WHERE id = $1 AND password_hash = $2");
        command.Parameters.Add(new NpgsqlParameter { Value = id });
        command.Parameters.Add(new NpgsqlParameter { Value = expected });
        command.Parameters.Add(new NpgsqlParameter { Value = replacement });
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }
}
