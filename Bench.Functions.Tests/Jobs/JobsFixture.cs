using Bench.Functions.Tests.Hosting;
using Npgsql;

namespace Bench.Functions.Tests.Jobs;

/// <summary>
/// One database, bucket and analysis queue per test class, and the app standalone with role all: the
/// webhook, the jobs API, its own queue consumer and sweeper. Leases and sweeps are short so that
/// recovery shows within a test; prices are fixed so cost is computed.
/// </summary>
public sealed class JobsFixture : IAsyncLifetime
{
    public const string Price = "fixed:87.5";

    public AppServers Servers { get; } = new();

    /// <summary>The app with role all; null when the class starts its own processes.</summary>
    public RunningApp App { get; private set; } = null!;

    public Dictionary<string, string?> Settings { get; private set; } = [];

    /// <summary>BENCH_TEMP_DIR of the app: empty whenever no attempt is running.</summary>
    public string TempDirectory { get; } = Directory.CreateTempSubdirectory("bench-jobs-temp-").FullName;

    /// <summary>BENCH_ASSEMBLY_CACHE_DIR of the app: where the profiles of Slurm jobs stay for their assembly.</summary>
    public string CacheDirectory { get; } = Directory.CreateTempSubdirectory("bench-jobs-cache-").FullName;

    public Task InitializeAsync() => InitializeAsync(startApp: true);

    /// <summary>Creates the database, bucket and settings (with <paramref name="extra"/> on top), and starts the app unless told not to.</summary>
    public async Task InitializeAsync(bool startApp, params (string Name, string? Value)[] extra)
    {
        await Servers.InitializeAsync();
        Settings = Servers.Settings();
        Settings["BENCH_SWEEP_SECONDS"] = "1";
        Settings["BENCH_JOB_LEASE_SECONDS"] = "6";
        Settings["BENCH_PRICE"] = Price;
        Settings["BENCH_TEMP_DIR"] = TempDirectory;
        Settings["BENCH_ASSEMBLY_CACHE_DIR"] = CacheDirectory;
        Settings["BENCH_ASSEMBLY_DELAY_SECONDS"] = "1";
        foreach (var (name, value) in extra)
        {
            Settings[name] = value;
        }

        if (startApp)
        {
            App = await RunningApp.StartAsync(Settings);
        }
    }

    /// <summary>The settings with some changed, for another process or app on the same database, bucket and queue.</summary>
    public Dictionary<string, string?> With(params (string Name, string? Value)[] overrides)
    {
        var settings = new Dictionary<string, string?>(Settings);
        foreach (var (name, value) in overrides)
        {
            settings[name] = value;
        }

        return settings;
    }

    public async Task<T> ScalarAsync<T>(string sql, params object[] parameters)
    {
        await using var connection = await Servers.OpenDatabaseAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var p in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = p });
        }

        return (T)(await command.ExecuteScalarAsync())!;
    }

    public async Task DisposeAsync()
    {
        if (App is not null)
        {
            await App.DisposeAsync();
        }

        await Servers.DisposeAsync();
        Directory.Delete(TempDirectory, recursive: true);
        Directory.Delete(CacheDirectory, recursive: true);
    }
}
