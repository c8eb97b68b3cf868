using Bench.Functions.Data;
using Bench.Functions.Hosting;
using Bench.Functions.Jobs;
using Bench.Functions.Triggers;
using Bench.Pipeline.Sinks.Postgres;
using Npgsql;

namespace Bench.Functions.Cli;

/// <summary>
/// <c>rescan</c>: what the NightlyRescan timer does, once, now: queue a job for every <c>.h5</c> object
/// with none for its current ETag and publish stale queued jobs again. Exit 0 done, 1 failed, 2 bad
/// configuration, 3 another process is rescanning.
/// </summary>
internal static class RescanCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        try
        {
            // The report goes to stdout; log lines (each object queued, warnings) to stderr.
            using var app = CliHost.Build(args, builder => builder.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(
                o => o.LogToStandardErrorThreshold = LogLevel.Trace));
            var services = app.Services;
            await services.GetRequiredService<Migrator>().MigrateAsync(Migration.LoadEmbedded(), CancellationToken.None).ConfigureAwait(false);
            await ResultTables.EnsureAsync(services.GetRequiredService<NpgsqlDataSource>(), services.GetRequiredService<PostgresResultSink>(), CancellationToken.None).ConfigureAwait(false);
            var report = await services.GetRequiredService<RescanService>().RunExclusiveAsync(CancellationToken.None).ConfigureAwait(false);
            if (report is null)
            {
                Console.Error.WriteLine("bench rescan: another process is running the rescan; nothing done.");
                return 3;
            }

            Console.WriteLine(report.ToString());
            return report.PublishFailures == 0 ? 0 : 1;
        }
        catch (Exception e) when (StartupErrors.ConfigurationErrors(e) is { Count: > 0 } errors)
        {
            Console.Error.WriteLine("bench rescan: the configuration is not usable:");
            errors.ForEach(error => Console.Error.WriteLine("  - " + error));
            return 2;
        }
        catch (Exception e) when (e is NpgsqlException or Amazon.Runtime.AmazonServiceException or HttpRequestException or InvalidOperationException or TimeoutException)
        {
            Console.Error.WriteLine($"bench rescan: {e.GetType().Name}: {e.Message}");
            return 1;
        }
    }
}
