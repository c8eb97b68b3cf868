using Npgsql;
using NpgsqlTypes;

namespace Bench.Functions.Auth;

/// <summary>What an import did so far: lines read, accounts created, lines skipped (of which already imported).</summary>
internal sealed class UserImportCounts
{
    public long Lines { get; set; }

    public long Imported { get; set; }

    public long Skipped { get; set; }

    /// <summary>Skipped because the account exists with this very hash: a re-run of the same file.</summary>
    public long AlreadyImported { get; set; }
}

/// <summary>
/// Creates the accounts of a users file (<see cref="UsersFile"/>), keeping each Argon2 hash as the password
/// hash until the first login replaces it. Names that collide case-insensitively with an existing account
/// or an earlier line are skipped, so a re-run imports nothing twice. Lines go in batches, one transaction
/// each; the names seen so far live in a temporary table on the server, so memory stays bounded.
/// </summary>
internal sealed class UserImporter(NpgsqlDataSource dataSource)
{
    public const int BatchSize = 500;

    /// <summary>Imports every line; <paramref name="skipped"/> hears each skipped line in line order.</summary>
    public async Task ImportAsync(
        IEnumerable<(UsersFileEntry? Entry, SkippedUserLine? Skipped)> lines, UserImportCounts counts, Action<SkippedUserLine> skipped, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (var create = new NpgsqlCommand("CREATE TEMP TABLE import_seen (username_lower text PRIMARY KEY, line bigint NOT NULL)", connection))
        {
            await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        var batch = new List<(UsersFileEntry? Entry, SkippedUserLine? Skipped)>(BatchSize);
        foreach (var line in lines)
        {
            cancellationToken.ThrowIfCancellationRequested();
            batch.Add(line);
            if (batch.Count == BatchSize)
            {
                await ImportBatchAsync(connection, batch, counts, skipped, cancellationToken).ConfigureAwait(false);
                batch.Clear();
            }
        }

        await ImportBatchAsync(connection, batch, counts, skipped, cancellationToken).ConfigureAwait(false);
    }

    private static async Task ImportBatchAsync(
        NpgsqlConnection connection, List<(UsersFileEntry? Entry, SkippedUserLine? Skipped)> batch, UserImportCounts counts,
        Action<SkippedUserLine> skipped, CancellationToken cancellationToken)
    {
        if (batch.Count == 0)
        {
            return;
        }

        var reports = batch.Where(l => l.Skipped is not null).Select(l => l.Skipped!).ToList();
        var entries = batch.Where(l => l.Entry is not null).Select(l => l.Entry!).ToList();
        var already = 0;
        await using (var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false))
        {
            var earlier = await EarlierLinesAsync(connection, transaction, entries, cancellationToken).ConfigureAwait(false);
            var candidates = new Dictionary<string, UsersFileEntry>(StringComparer.Ordinal);
            foreach (var entry in entries)
            {
                var key = entry.Username.ToLowerInvariant();
                long? first = earlier.TryGetValue(key, out var line) ? line : candidates.TryGetValue(key, out var inBatch) ? inBatch.Line : null;
                if (first is not null)
                {
                    reports.Add(new SkippedUserLine(entry.Line, $"'{entry.Username}' collides with line {first} (names are case-insensitive)"));
                }
                else
                {
                    candidates[key] = entry;
                }
            }

            await RememberAsync(connection, transaction, candidates.Values, cancellationToken).ConfigureAwait(false);
            var inserted = await InsertAsync(connection, transaction, candidates.Values, cancellationToken).ConfigureAwait(false);
            var refused = candidates.Keys.Where(k => !inserted.Contains(k)).ToArray();
            var existing = await ExistingAsync(connection, transaction, refused, cancellationToken).ConfigureAwait(false);
            foreach (var key in refused)
            {
                var entry = candidates[key];
                if (!existing.TryGetValue(key, out var account))
                {
                    // Refused by a row that is gone again: another process deleted it in between.
                    reports.Add(new SkippedUserLine(entry.Line, $"'{entry.Username}' collided with an account that was deleted meanwhile; run the import again"));
                    continue;
                }

                var (username, hash) = account;
                if (hash == entry.Hash)
                {
                    already++;
                    reports.Add(new SkippedUserLine(entry.Line, $"'{entry.Username}' is already imported"));
                }
                else
                {
                    reports.Add(new SkippedUserLine(entry.Line, $"'{entry.Username}' collides with the existing account '{username}' (names are case-insensitive)"));
                }
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            counts.Imported += inserted.Count;
        }

        counts.Lines = batch[^1].Entry?.Line ?? batch[^1].Skipped!.Line;
        counts.Skipped += reports.Count;
        counts.AlreadyImported += already;
        foreach (var report in reports.OrderBy(r => r.Line))
        {
            skipped(report);
        }
    }

    /// <summary>The first line of each name already seen in an earlier batch of this file.</summary>
    private static async Task<Dictionary<string, long>> EarlierLinesAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, List<UsersFileEntry> entries, CancellationToken cancellationToken)
    {
        var seen = new Dictionary<string, long>(StringComparer.Ordinal);
        await using var select = new NpgsqlCommand("SELECT username_lower, line FROM import_seen WHERE username_lower = ANY($1)", connection, transaction);
        select.Parameters.Add(new NpgsqlParameter { Value = entries.Select(e => e.Username.ToLowerInvariant()).Distinct().ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        await using var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            seen[reader.GetString(0)] = reader.GetInt64(1);
        }

        return seen;
    }

    private static async Task RememberAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, ICollection<UsersFileEntry> entries, CancellationToken cancellationToken)
    {
        await using var insert = new NpgsqlCommand("INSERT INTO import_seen (username_lower, line) SELECT * FROM unnest($1::text[], $2::bigint[])", connection, transaction);
        insert.Parameters.Add(new NpgsqlParameter { Value = entries.Select(e => e.Username.ToLowerInvariant()).ToArray() });
        insert.Parameters.Add(new NpgsqlParameter { Value = entries.Select(e => e.Line).ToArray() });
        await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Creates the accounts whose names are free; returns the lower-case names created.</summary>
    private static async Task<HashSet<string>> InsertAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, ICollection<UsersFileEntry> entries, CancellationToken cancellationToken)
    {
        await using var insert = new NpgsqlCommand(
            """
            INSERT INTO users (id, username, username_lower, password_hash)
            SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[])
            ON CONFLICT (username_lower) DO NOTHING
            RETURNING username_lower
            """,
            connection, transaction);
        insert.Parameters.Add(new NpgsqlParameter { Value = entries.Select(_ => Guid.CreateVersion7()).ToArray() });
        insert.Parameters.Add(new NpgsqlParameter { Value = entries.Select(e => e.Username).ToArray() });
        insert.Parameters.Add(new NpgsqlParameter { Value = entries.Select(e => e.Username.ToLowerInvariant()).ToArray() });
        insert.Parameters.Add(new NpgsqlParameter { Value = entries.Select(e => e.Hash).ToArray() });
        var created = new HashSet<string>(StringComparer.Ordinal);
        await using var reader = await insert.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            created.Add(reader.GetString(0));
        }

        return created;
    }

    /// <summary>The stored name and hash of each existing account among <paramref name="keys"/>.</summary>
    private static async Task<Dictionary<string, (string Username, string Hash)>> ExistingAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string[] keys, CancellationToken cancellationToken)
    {
        var existing = new Dictionary<string, (string, string)>(StringComparer.Ordinal);
        if (keys.Length == 0)
        {
            return existing;
        }

        await using var select = new NpgsqlCommand("SELECT username_lower, username, password_hash FROM users WHERE username_lower = ANY($1)", connection, transaction);
        select.Parameters.Add(new NpgsqlParameter { Value = keys });
        await using var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            existing[reader.GetString(0)] = (reader.GetString(1), reader.GetString(2));
        }

        return existing;
    }
}
