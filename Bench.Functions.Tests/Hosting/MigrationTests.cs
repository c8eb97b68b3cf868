using System.Diagnostics;
using Bench.Functions.Data;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Bench.Functions.Tests.Hosting;

/// <summary>Migrations against a database of their own (not the fixture app's, which migrated at start).</summary>
public sealed class MigrationTests(AppFixture fixture) : IClassFixture<AppFixture>, IAsyncLifetime
{
    private readonly string _database = "bench_mig_" + Guid.NewGuid().ToString("N")[..12];

    private string ConnectionString => new NpgsqlConnectionStringBuilder(fixture.Servers.Admin.ConnectionString) { Database = _database }.ConnectionString;

    [Fact]
    public void TheEmbeddedMigrationsAreNumberedFromOneWithoutGaps()
    {
        var migrations = Migration.LoadEmbedded();
        Assert.Equal(Enumerable.Range(1, migrations.Count), migrations.Select(m => m.Version));
        Assert.Equal("auth", migrations[0].Name);
    }

    [Fact]
    public async Task MigratingTwiceAppliesEachScriptOnceAndRecordsItsChecksum()
    {
        await using var source = NpgsqlDataSource.Create(ConnectionString);
        var migrator = new Migrator(source, NullLogger<Migrator>.Instance);
        var migrations = Migration.LoadEmbedded();

        Assert.Equal(migrations.Count, (await migrator.MigrateAsync(migrations, CancellationToken.None)).Count);
        Assert.Empty(await migrator.MigrateAsync(migrations, CancellationToken.None));

        await using var command = source.CreateCommand("SELECT version, checksum FROM schema_migrations ORDER BY version");
        await using var reader = await command.ExecuteReaderAsync();
        foreach (var migration in migrations)
        {
            Assert.True(await reader.ReadAsync());
            Assert.Equal(migration.Version, reader.GetInt32(0));
            Assert.Equal(migration.Checksum, reader.GetString(1));
        }
    }

    [Fact]
    public async Task ConcurrentMigratorsApplyEachScriptExactlyOnce()
    {
        await using var source = NpgsqlDataSource.Create(ConnectionString);
        var migrations = Migration.LoadEmbedded();
        var runs = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ =>
            new Migrator(source, NullLogger<Migrator>.Instance).MigrateAsync(migrations, CancellationToken.None)));
        Assert.Equal(migrations.Count, runs.Sum(r => r.Count));
    }

    [Fact]
    public async Task AnAppliedScriptThatChangedStopsMigration()
    {
        await using var source = NpgsqlDataSource.Create(ConnectionString);
        var migrator = new Migrator(source, NullLogger<Migrator>.Instance);
        var migrations = Migration.LoadEmbedded();
        await migrator.MigrateAsync(migrations, CancellationToken.None);

        var edited = migrations.Select(m => m.Version == 1 ? m with { Sql = m.Sql + "\n-- edited" } : m).ToList();
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => migrator.MigrateAsync(edited, CancellationToken.None));
        Assert.Contains("0001_auth", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ANewScriptIsAppliedAfterTheOnesAlreadyThere()
    {
        await using var source = NpgsqlDataSource.Create(ConnectionString);
        var migrator = new Migrator(source, NullLogger<Migrator>.Instance);
        var migrations = Migration.LoadEmbedded();
        await migrator.MigrateAsync(migrations, CancellationToken.None);

        var next = new Migration(migrations.Count + 1, "extra", "CREATE TABLE extra (id int)");
        Assert.Equal([next.Version], (await migrator.MigrateAsync([.. migrations, next], CancellationToken.None)).Select(m => m.Version));
        await using var probe = source.CreateCommand("SELECT count(*) FROM extra");
        Assert.Equal(0L, await probe.ExecuteScalarAsync());
    }

    [Fact]
    public async Task AFailingScriptLeavesNoTraceAndIsNotRecorded()
    {
        await using var source = NpgsqlDataSource.Create(ConnectionString);
        var migrator = new Migrator(source, NullLogger<Migrator>.Instance);
        var broken = new Migration(1, "broken", "CREATE TABLE half (id int); SELECT * FROM no_such_table;");
        await Assert.ThrowsAsync<PostgresException>(() => migrator.MigrateAsync([broken], CancellationToken.None));

        await using var check = source.CreateCommand("SELECT to_regclass('half') IS NULL, (SELECT count(*) FROM schema_migrations)");
        await using var reader = await check.ExecuteReaderAsync();
        await reader.ReadAsync();
        Assert.True(reader.GetBoolean(0));
        Assert.Equal(0L, reader.GetInt64(1));
    }

    [Fact]
    public async Task TheMigrateCommandAppliesThenReportsUpToDate()
    {
        var settings = new Dictionary<string, string?>(fixture.Settings) { ["POSTGRES_DB"] = _database };
        var (first, firstOut) = await RunMigrateAsync(settings);
        Assert.Equal(0, first);
        // Every embedded script, in order; the first three are the ones this test was written with.
        var names = Migration.LoadEmbedded(typeof(Migration).Assembly).Select(m => $"{m.Version:D4}_{m.Name}").ToList();
        Assert.Equal(["0001_auth", "0002_jobs", "0003_slurm_jobs"], names.Take(3));
        Assert.Contains($"Applied {names.Count} of {names.Count} migrations: {string.Join(", ", names)}.", firstOut, StringComparison.Ordinal);
        var (second, secondOut) = await RunMigrateAsync(settings);
        Assert.Equal(0, second);
        Assert.Contains($"Database is up to date ({names.Count} migrations).", secondOut, StringComparison.Ordinal);

        settings.Remove("POSTGRES_HOST");
        var (bad, badOut) = await RunMigrateAsync(settings);
        Assert.Equal(2, bad);
        Assert.Contains("POSTGRES_HOST is not set", badOut, StringComparison.Ordinal);
    }

    private static async Task<(int ExitCode, string Output)> RunMigrateAsync(Dictionary<string, string?> settings)
    {
        var start = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "Bench.Functions"), "migrate")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var key in new[] { "POSTGRES_HOST", "POSTGRES_PORT", "POSTGRES_DB", "POSTGRES_USER", "POSTGRES_PASSWORD" })
        {
            start.Environment.Remove(key);
            if (settings.TryGetValue(key, out var value))
            {
                start.Environment[key] = value;
            }
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }

    public async Task InitializeAsync()
    {
        await using var admin = new NpgsqlConnection(fixture.Servers.Admin.ConnectionString);
        await admin.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{_database}\"", admin);
        await create.ExecuteNonQueryAsync();
    }

    public async Task DisposeAsync()
    {
        await using var admin = new NpgsqlConnection(fixture.Servers.Admin.ConnectionString);
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_database}\" WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync();
    }
}
