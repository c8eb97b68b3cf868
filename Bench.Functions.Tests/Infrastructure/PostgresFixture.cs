using Npgsql;

namespace Bench.Functions.Tests.Infrastructure;

/// <summary>
/// A fresh database on the test PostgreSQL server per fixture instance (<c>bench_test_&lt;random&gt;</c>),
/// created on initialisation and dropped on disposal, so each test class owns its tables.
/// </summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    /// <summary>Name of this fixture's database.</summary>
    public string DatabaseName { get; } = UniqueName.Create("bench_test_");

    /// <summary>Connection string of this fixture's database, with the server's generated password.</summary>
    public string ConnectionString { get; private set; } = "";

    /// <summary>Opens a connection to this fixture's database.</summary>
    public async Task<NpgsqlConnection> OpenConnectionAsync(CancellationToken cancellationToken = default)
    {
        var connection = new NpgsqlConnection(ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public async Task InitializeAsync()
    {
        await using (var admin = new NpgsqlConnection(TestServers.PostgresConnectionString))
        {
            await admin.OpenAsync();
            // DatabaseName is ours (prefix + hex), so quoting it as an identifier is enough.
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{DatabaseName}\"", admin);
            await create.ExecuteNonQueryAsync();
        }

        ConnectionString = new NpgsqlConnectionStringBuilder(TestServers.PostgresConnectionString)
        {
            Database = DatabaseName,
        }.ConnectionString;
    }

    public async Task DisposeAsync()
    {
        if (ConnectionString.Length == 0)
        {
            return;
        }

        await using (var pooled = new NpgsqlConnection(ConnectionString))
        {
            NpgsqlConnection.ClearPool(pooled);
        }

        await using var admin = new NpgsqlConnection(TestServers.PostgresConnectionString);
        await admin.OpenAsync();
        // FORCE ends sessions a test left open, so a leaked connection cannot leak the database.
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{DatabaseName}\" WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync();
    }
}
