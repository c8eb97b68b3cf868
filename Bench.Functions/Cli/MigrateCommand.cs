using Bench.Functions.Data;
using Bench.Functions.Hosting;

namespace Bench.Functions.Cli;

/// <summary><c>migrate</c>: applies the embedded SQL migrations to POSTGRES_* and exits.</summary>
internal static class MigrateCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        try
        {
            using var app = CliHost.Build(args);
            var migrations = Migration.LoadEmbedded();
            var applied = await app.Services.GetRequiredService<Migrator>().MigrateAsync(migrations, CancellationToken.None).ConfigureAwait(false);
            Console.WriteLine(applied.Count == 0
                ? $"Database is up to date ({migrations.Count} migrations)."
                : $"Applied {applied.Count} of {migrations.Count} migrations: {string.Join(", ", applied.Select(m => $"{m.Version:D4}_{m.Name}"))}.");
            return 0;
        }
        catch (Exception e) when (StartupErrors.ConfigurationErrors(e) is { Count: > 0 } errors)
        {
            Console.Error.WriteLine("bench migrate: the configuration is not usable:");
            errors.ForEach(error => Console.Error.WriteLine("  - " + error));
            return 2;
        }
        catch (Exception e) when (e is Npgsql.NpgsqlException or InvalidOperationException)
        {
            Console.Error.WriteLine($"bench migrate: {e.GetType().Name}: {e.Message}");
            return 1;
        }
    }
}
