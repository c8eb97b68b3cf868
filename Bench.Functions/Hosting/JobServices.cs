using Bench.Functions.Jobs;
using Bench.Functions.Options;
using Bench.Functions.Queue;
using Bench.Functions.Triggers;
using Bench.Pipeline.Sinks.Postgres;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Bench.Functions.Hosting;

/// <summary>
/// The job pipeline's services for a role. Standalone, the process runs its own triggers (the queue
/// consumer for analysis, the rescan timer for api); under the Functions host the host's triggers call
/// POST /AnalyzeObject and POST /NightlyRescan instead. Every process sweeps.
/// </summary>
internal static class JobServices
{
    public static IServiceCollection AddJobServices(this IServiceCollection services, ServeRole role, bool standalone)
    {
        var api = role is ServeRole.All or ServeRole.Api;
        var analysis = role is ServeRole.All or ServeRole.Analysis;
        services.AddSingleton(new RoleInfo(role, standalone));
        services.AddBenchOptions<QueueOptions>();
        services.AddBenchOptions<JobOptions>();
        services.AddSingleton<JobMetrics>();
        services.AddSingleton<JobStore>();
        services.AddSingleton<JobRecovery>();
        services.AddSingleton<JobResultsReader>();
        services.AddSingleton(sp => new PostgresResultSink(sp.GetRequiredService<NpgsqlDataSource>()));
        services.AddSingleton<RabbitConnections>();
        services.AddSingleton<QueueTopology>();
        services.AddSingleton<QueueDepth>();
        services.AddSingleton<JobPublisher>();
        services.AddSingleton<JobSweeper>();
        services.AddHostedService<JobStartup>();
        services.AddHostedService<JobSweeperLoop>();

        if (api)
        {
            services.AddBenchOptions<WebhookOptions>();
            services.AddSingleton<WebhookService>();
            services.AddSingleton<RescanService>();
            if (standalone)
            {
                services.AddHostedService<RescanTimer>();
            }
        }

        if (analysis)
        {
            services.AddBenchOptions<TariffOptions>();
            services.AddSingleton<ObjectDownloader>();
            services.AddSingleton<ObjectAnalyzer>();
            if (standalone)
            {
                services.AddHostedService<AnalysisConsumer>();
            }

            // SIGTERM: the job in hand gets BENCH_SHUTDOWN_SECONDS, and the host must wait that long.
            services.AddOptions<HostOptions>().Configure<IOptions<JobOptions>>((host, jobs) =>
                host.ShutdownTimeout = jobs.Value.ShutdownGrace + TimeSpan.FromSeconds(15));
        }

        return services;
    }
}

/// <summary>What this process serves and whether it runs its own triggers (not under the Functions host).</summary>
internal sealed record RoleInfo(ServeRole Role, bool Standalone)
{
    public bool ServesApi => Role is ServeRole.All or ServeRole.Api;

    public bool ServesAnalysis => Role is ServeRole.All or ServeRole.Analysis;
}
