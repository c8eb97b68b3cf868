using Npgsql;

namespace Bench.Functions.Tests.Infrastructure;

public sealed class PostgresFixtureTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    [Fact]
    public async Task ConnectsToItsOwnDatabaseWithTheGeneratedPassword()
    {
        await using var connection = await postgres.OpenConnectionAsync();
        await using var command = new NpgsqlCommand("SELECT current_database(), current_user", connection);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());

        Assert.Equal(postgres.DatabaseName, reader.GetString(0));
        Assert.Equal(new NpgsqlConnectionStringBuilder(TestServers.PostgresConnectionString).Username, reader.GetString(1));
        Assert.StartsWith("bench_test_", postgres.DatabaseName, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WrongPasswordIsRefused()
    {
        var wrong = new NpgsqlConnectionStringBuilder(postgres.ConnectionString)
        {
            Password = UniqueName.Create("not-the-password-"),
            Pooling = false,
        };
        await using var connection = new NpgsqlConnection(wrong.ConnectionString);

        var error = await Assert.ThrowsAsync<PostgresException>(() => connection.OpenAsync());

        Assert.Equal(PostgresErrorCodes.InvalidPassword, error.SqlState);
    }

    [Fact]
    public async Task EveryConnectionRuleAsksForScramPasswords()
    {
        // With 'trust' anywhere a wrong password could pass and the auth tests would prove nothing.
        await using var connection = await postgres.OpenConnectionAsync();
        await using var command = new NpgsqlCommand("SELECT DISTINCT auth_method FROM pg_hba_file_rules", connection);
        var methods = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                methods.Add(reader.GetString(0));
            }
        }

        Assert.Equal(["scram-sha-256"], methods);
    }

    [Fact]
    public async Task DisposingTheFixtureDropsItsDatabase()
    {
        var other = new PostgresFixture();
        await other.InitializeAsync();
        await using (var connection = await other.OpenConnectionAsync())
        {
            await using var create = new NpgsqlCommand("CREATE TABLE t (x int); INSERT INTO t VALUES (42)", connection);
            await create.ExecuteNonQueryAsync();
        }

        Assert.True(await DatabaseExistsAsync(other.DatabaseName));
        await other.DisposeAsync();

        Assert.False(await DatabaseExistsAsync(other.DatabaseName));
        Assert.NotEqual(postgres.DatabaseName, other.DatabaseName);
    }

    private static async Task<bool> DatabaseExistsAsync(string name)
    {
        await using var connection = new NpgsqlConnection(TestServers.PostgresConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM pg_database WHERE datname = $1", connection)
        {
            Parameters = { new() { Value = name } },
        };
        return (long)(await command.ExecuteScalarAsync())! == 1;
    }
}
